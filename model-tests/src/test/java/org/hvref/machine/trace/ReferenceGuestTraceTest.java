package org.hvref.machine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hvref.channel.device.EchoDevice;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.WindowsHost;
import org.hvref.machine.EchoExchange;
import org.hvref.machine.GuestDeviceChannel;
import org.hvref.machine.GuestDevices;
import org.hvref.machine.ReferenceGuest;
import org.hvref.machine.ReferenceMachine;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * Whole runs of the reference machine — the reference guest's boot (with hot-plug) on 5.3 and 6.0 hosts under
 * several seeds, in concurrent mode, on 0.13 and 1.1 hosts (interrupt-page signalling) in both modes, and a rescind
 * of the echo device in use followed by a re-offer — recorded into the one shared tracer and validated together by TLC against {@code channel/TraceVmbusChannel.tla}.
 */
class ReferenceGuestTraceTest {
    private static final UUID INSTANCE = UUID.fromString("68767265-6600-6563-686f-0000000000b1");
    private static final UUID INSTANCE_2 = UUID.fromString("68767265-6600-6563-686f-0000000000b2");

    private static int addEcho(ReferenceMachine m, UUID instance) {
        return m.await(m.addDevice(HostChannelConfig.of(EchoDevice.CLASS_ID, instance), new EchoDevice(m.memory())));
    }

    private static List<TraceEvent> boot(ReferenceMachine m) {
        addEcho(m, INSTANCE);
        addEcho(m, INSTANCE_2);
        return new ReferenceGuest(m, 12, GuestDevices.DEFAULT_RING_PAGES).withHotPlug().run().events();
    }

    private static List<TraceEvent> rescindAndReoffer(long seed) {
        try (ReferenceMachine m = ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022)
                .deterministic(seed).build()) {
            int relid = addEcho(m, INSTANCE);
            m.await(m.client().connect());
            m.await(m.client().requestOffers());
            EchoExchange x = new EchoExchange(m.memory(), m.pages().allocate(2));
            GuestDeviceChannel<EchoExchange> ch = m.await(m.devices().open(EchoDevice.CLASS_ID,
                    GuestDevices.DEFAULT_RING_PAGES, x.factory()));
            x.exchange(30); // in flight when the rescind lands
            m.await(m.rescind(relid));
            m.await(ch.rescinded());
            m.settle();
            addEcho(m, INSTANCE);
            m.settle();
            EchoExchange y = new EchoExchange(m.memory(), m.pages().allocate(2));
            GuestDeviceChannel<EchoExchange> again = m.await(m.devices().open(EchoDevice.CLASS_ID,
                    GuestDevices.DEFAULT_RING_PAGES, y.factory()));
            assertEquals(9, m.await(y.exchange(9)).total());
            m.await(m.devices().close(again));
            m.await(m.client().unload());
            return ((RecordingTracer) m.tracer()).events();
        }
    }

    @Test
    void shouldHaveEveryBootAndRescindTraceAcceptedByTlc() {
        List<List<TraceEvent>> traces = new ArrayList<>();
        for (WindowsHost host : List.of(WindowsHost.WINDOWS_SERVER_2022, WindowsHost.COPPER)) {
            for (long seed : new long[] {1, 2, 3}) {
                try (ReferenceMachine m = ReferenceMachine.builder().host(host).deterministic(seed).build()) {
                    traces.add(boot(m));
                }
            }
        }
        try (ReferenceMachine m = ReferenceMachine.builder().host(WindowsHost.COPPER).concurrent().build()) {
            traces.add(boot(m));
        }
        // pre-Win8 hosts: channel kicks go through the interrupt page (vmbus-core.md §1.6)
        for (WindowsHost host : List.of(WindowsHost.WINDOWS_SERVER_2008, WindowsHost.WINDOWS_7)) {
            try (ReferenceMachine m = ReferenceMachine.builder().host(host).deterministic(6).build()) {
                traces.add(boot(m));
                assertTrue(m.guest().legacyInterrupts() > 0, host + ": kicks through the interrupt page");
            }
            try (ReferenceMachine m = ReferenceMachine.builder().host(host).concurrent().build()) {
                traces.add(boot(m));
            }
        }
        traces.add(rescindAndReoffer(4));
        traces.add(rescindAndReoffer(5));

        List<String> actions = traces.stream().flatMap(List::stream).map(TraceEvent::action).distinct().toList();
        assertTrue(actions.containsAll(List.of("HostSendRescind", "GuestRcvRescind", "GuestCloseRescindedChannel",
                "GuestSendRelidReleased", "HostRcvRelidReleased", "HostSendOffer", "GuestSendModifyChannel",
                "GuestRcvModifyChannelResponse", "GuestSendGpadlBody", "HostRcvGpadlBody")), actions::toString);

        List<List<Map<String, Object>>> records = traces.stream()
                .map(t -> t.stream().map(TraceEvent::toRecord).toList()).toList();
        TraceVerdict verdict;
        try (SpecFiles files = SpecFiles.materialize()) {
            verdict = new ChannelTraceValidator(TlcRunner.usingClasspath(), files).validate(records);
        }
        assertInstanceOf(TraceVerdict.Accepted.class, verdict, verdict::toString);
    }
}
