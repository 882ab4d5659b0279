package org.hvref.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hvref.channel.guest.VmbusGuestEndpoint;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.hypervisor.InterruptPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Host→guest channel kicks of a whole machine (vmbus-core.md §1.6): below 2.4 only through the interrupt page's
 * host→guest half and event flag 0, from 2.4 on only through the per-relid event flag.
 */
class LegacyChannelSignallingTest {
    private static final int PACKETS = 12;

    @ParameterizedTest
    @EnumSource(WindowsHost.class)
    void shouldDeliverEchoKicksThroughThePageBelowWin8AndThroughPerRelidFlagsFromWin8(WindowsHost host) {
        try (ReferenceMachine m = ReferenceMachine.builder().host(host).deterministic(5).build()) {
            exchangeAndCheck(m, host);
        }
    }

    @Test
    void shouldDeliverEchoKicksThroughThePageInConcurrentMode() {
        for (WindowsHost host : new WindowsHost[] {WindowsHost.WINDOWS_SERVER_2008, WindowsHost.WINDOWS_7}) {
            try (ReferenceMachine m = ReferenceMachine.builder().host(host).concurrent().build()) {
                exchangeAndCheck(m, host);
            }
        }
    }

    private static void exchangeAndCheck(ReferenceMachine m, WindowsHost host) {
        ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE);
        ReferenceGuestBootTest.addEcho(m, ReferenceGuestBootTest.ECHO_INSTANCE_2);
        BootReport r = new ReferenceGuest(m, PACKETS, GuestDevices.DEFAULT_RING_PAGES).run();
        assertEquals(2, r.opened().size());
        assertEquals(2 * PACKETS + (r.modifiedTargetVp() ? 2 : 0), r.packets().total(), r.packets()::toString);

        VmbusGuestEndpoint guest = m.guest();
        InterruptPage page = new InterruptPage(m.memory(), ReferenceMachine.INTERRUPT_PAGE_GPA);
        boolean legacy = !host.newest().isAtLeast(ProtocolVersion.WIN8);
        if (legacy) {
            assertTrue(guest.legacyInterrupts() > 0, "kicks came through the page");
            assertEquals(0, guest.eventFlagInterrupts(), "no per-relid event flag below 2.4");
            assertEquals(0, guest.unknownLegacyInterrupts());
        } else {
            assertEquals(0, guest.legacyInterrupts(), "the page is not scanned from 2.4 on");
            assertTrue(guest.eventFlagInterrupts() > 0, "kicks came through per-relid flags");
            assertEquals(0, page.takeAll(InterruptPage.Half.HOST_TO_GUEST, relid -> { }),
                    "the host->guest half stays untouched from 2.4 on");
        }
    }
}
