package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.hypervisor.DeterministicScheduler;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.HypervisorConfig;
import org.hvref.hypervisor.InterruptPage;
import org.hvref.hypervisor.Side;
import org.hvref.hypervisor.SynIc;
import org.hvref.hypervisor.SynicMessage;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The adapter over the simulated hypervisor: ports 1 and 4, SynIC delivery with back-pressure, channel signals. */
class VmbusHostEndpointTest {
    private static final int SINT = 2;
    private final DeterministicScheduler scheduler = DeterministicScheduler.seeded(7);
    private final GuestMemory memory = GuestMemory.direct(64);
    private final Hypervisor hv = new Hypervisor(memory, scheduler,
            HypervisorConfig.defaults().withVpCount(2).withSintQueueCapacity(1));
    private final SynIc vp0 = hv.synic(0);
    private ProtocolVersion version = ProtocolVersion.WIN10_V5_3;
    private final List<ChannelMessage> inbox = new ArrayList<>();

    VmbusHostEndpointTest() {
        vp0.setMessagePage(0x1000);
        vp0.setEventFlagsPage(0x2000);
        hv.synic(1).setMessagePage(0x3000);
        hv.synic(1).setEventFlagsPage(0x4000);
        vp0.enableSint(SINT, this::onSint);
    }

    private HvStatus post(int connectionId, ChannelMessage m) {
        byte[] b = ChannelMessageCodec.encode(m, version);
        HvStatus[] status = new HvStatus[1];
        scheduler.submit(Side.GUEST, "guest post", () -> status[0] = hv.postMessage(connectionId, 1, b));
        scheduler.runUntilIdle();
        return status[0];
    }

    /** Runs both sides until idle; the guest's SINT 2 handler has taken every message the host delivered. */
    private List<ChannelMessage> drain() {
        scheduler.runUntilIdle();
        List<ChannelMessage> got = new ArrayList<>(inbox);
        inbox.clear();
        return got;
    }

    /** The guest's SINT 2 interrupt handler: consume the slot until it is empty (EOM as needed). */
    private void onSint(int vp, int sint) {
        for (Optional<SynicMessage> m = vp0.takeMessage(SINT); m.isPresent(); m = vp0.takeMessage(SINT)) {
            assertEquals(VmbusHostEndpoint.VMBUS_MESSAGE_TYPE, m.get().messageType());
            byte[] p = m.get().payload();
            inbox.add(ChannelMessageCodec.decode(p, p.length, version));
        }
    }

    @Test
    void shouldCarryAGuestSessionThroughTheHypervisor() {
        VmbusHostEndpoint endpoint = new VmbusHostEndpoint(hv, HostConfig.of(WindowsHost.WINDOWS_SERVER_2022)
                .withVpCount(2), SpecTracer.OFF);
        TestDevice device = new TestDevice();
        AtomicInteger guestSignals = new AtomicInteger();
        int[] relid = new int[1];
        HostChannelConfig offer = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        scheduler.submit(Side.HOST, "add", () -> relid[0] = endpoint.addChannel(offer, device,
                guestSignals::incrementAndGet));
        for (int i = 0; i < 3; i++) {
            HostChannelConfig more = HostChannelConfig.of(ScriptedGuest.NET, new java.util.UUID(7, i));
            scheduler.submit(Side.HOST, "add", () -> endpoint.addChannel(more, new TestDevice(), () -> { }));
        }
        scheduler.runUntilIdle();
        assertTrue(hv.portRegistered(1) && hv.portRegistered(4));

        assertEquals(HvStatus.SUCCESS, post(4, ScriptedGuest.contact(version, 0)));
        VersionResponse vr = (VersionResponse) drain().get(0);
        assertTrue(vr.versionSupported());
        assertEquals(HvStatus.SUCCESS, post(1, new RequestOffers()));
        List<ChannelMessage> offers = drain(); // SINT queue of 1: the endpoint's backlog keeps the order
        assertEquals(5, offers.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(relid[0] + i, ((OfferChannel) offers.get(i)).childRelid());
        }
        assertTrue(offers.get(4) instanceof AllOffersDelivered);

        List<Long> values = new ArrayList<>(List.of(8L * 4096));
        for (long p = 16; p < 24; p++) {
            values.add(p);
        }
        post(1, new GpadlHeader(relid[0], 5, values.size() * 8, 1, values));
        assertEquals(List.of(new GpadlCreated(relid[0], 5, 0)), drain());
        post(1, ScriptedGuest.open(relid[0], 5, 4, 1));
        assertEquals(List.of(new OpenChannelResult(relid[0], relid[0], 0)), drain());

        device.rings.get(0).signalGuest().signal();
        assertTrue(hv.synic(1).eventFlag(SINT, relid[0]), "host signal sets the relid's flag on the target VP");
        int connectionId = offer.connectionIdFor(relid[0]);
        scheduler.submit(Side.GUEST, "guest signal", () -> hv.signalEvent(connectionId, 0));
        scheduler.runUntilIdle();
        assertEquals(1, guestSignals.get());

        scheduler.submit(Side.HOST, "rescind", () -> endpoint.rescind(relid[0]));
        assertEquals(List.of(new RescindChannelOffer(relid[0])), drain());
        assertFalse(hv.portRegistered(connectionId));
        assertEquals(0, endpoint.droppedMessages());
    }

    @Test
    void shouldListenOnlyOnPortOneForAPre50Host() {
        new VmbusHostEndpoint(hv, HostConfig.of(WindowsHost.WINDOWS_8_1), SpecTracer.OFF);
        assertTrue(hv.portRegistered(1));
        assertFalse(hv.portRegistered(4));
    }

    /** The interrupt page of {@link ScriptedGuest#contact} below 5.0. */
    private static final long INTERRUPT_PAGE = 0x12000;

    /** Connects at {@code host}'s newest version, offers one channel and opens it on VP 1; returns its rings. */
    private HostChannelRings openOneChannel(WindowsHost host, int[] relid) {
        version = host.newest();
        VmbusHostEndpoint endpoint = new VmbusHostEndpoint(hv, HostConfig.of(host).withVpCount(2), SpecTracer.OFF);
        TestDevice device = new TestDevice();
        HostChannelConfig offer = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        scheduler.submit(Side.HOST, "add", () -> relid[0] = endpoint.addChannel(offer, device, () -> { }));
        scheduler.runUntilIdle();
        assertEquals(HvStatus.SUCCESS, post(1, ScriptedGuest.contact(version, 0)));
        assertTrue(((VersionResponse) drain().get(0)).versionSupported());
        post(1, new RequestOffers());
        drain();
        List<Long> values = new ArrayList<>(List.of(8L * 4096));
        for (long p = 16; p < 24; p++) {
            values.add(p);
        }
        post(1, new GpadlHeader(relid[0], 5, values.size() * 8, 1, values));
        assertEquals(List.of(new GpadlCreated(relid[0], 5, 0)), drain());
        post(1, ScriptedGuest.open(relid[0], 5, 4, 1));
        assertEquals(List.of(new OpenChannelResult(relid[0], relid[0], 0)), drain());
        return device.rings.get(0);
    }

    @ParameterizedTest
    @EnumSource(value = WindowsHost.class, names = {"WINDOWS_SERVER_2008", "WINDOWS_7"})
    void shouldSignalThroughTheInterruptPageAndFlagZeroOnVpZeroBelowWin8(WindowsHost host) {
        int[] relid = new int[1];
        HostChannelRings rings = openOneChannel(host, relid);
        InterruptPage page = new InterruptPage(memory, INTERRUPT_PAGE);

        scheduler.submit(Side.HOST, "kick", () -> rings.signalGuest().signal());
        scheduler.runUntilIdle();

        assertTrue(page.isSet(InterruptPage.Half.HOST_TO_GUEST, relid[0]), "relid bit in the host->guest half");
        assertFalse(page.isSet(InterruptPage.Half.GUEST_TO_HOST, relid[0]), "guest->host half untouched");
        assertTrue(vp0.eventFlag(SINT, VmbusHostEndpoint.LEGACY_SIGNAL_FLAG), "flag 0 on VP 0 (target_vp ignored)");
        assertFalse(vp0.eventFlag(SINT, relid[0]), "no per-relid flag on VP 0");
        assertFalse(hv.synic(1).eventFlag(SINT, relid[0]), "no per-relid flag on the open's VP");
        assertFalse(hv.synic(1).eventFlag(SINT, 0), "no flag 0 on the open's VP");
    }

    @ParameterizedTest
    @EnumSource(value = WindowsHost.class, names = {"WINDOWS_8", "WINDOWS_8_1", "WINDOWS_10_1607"})
    void shouldSignalThePerRelidFlagAndLeaveTheInterruptPageAloneFromWin8(WindowsHost host) {
        int[] relid = new int[1];
        HostChannelRings rings = openOneChannel(host, relid);
        InterruptPage page = new InterruptPage(memory, INTERRUPT_PAGE);

        scheduler.submit(Side.HOST, "kick", () -> rings.signalGuest().signal());
        scheduler.runUntilIdle();

        assertTrue(hv.synic(1).eventFlag(SINT, relid[0]), "per-relid flag on the open's target VP");
        assertFalse(hv.synic(1).eventFlag(SINT, 0));
        assertFalse(vp0.eventFlag(SINT, 0), "no flag 0");
        assertEquals(0, page.takeAll(InterruptPage.Half.HOST_TO_GUEST, r -> { }), "page half untouched");
    }

    @Test
    void shouldOnlyRaiseFlagZeroWhenALegacyGuestNamesAnInterruptPageOutsideItsMemory() {
        version = ProtocolVersion.WS2008;
        VmbusHostEndpoint endpoint = new VmbusHostEndpoint(hv, HostConfig.of(WindowsHost.WINDOWS_SERVER_2008)
                .withVpCount(2), SpecTracer.OFF);
        TestDevice device = new TestDevice();
        int[] relid = new int[1];
        scheduler.submit(Side.HOST, "add", () -> relid[0] = endpoint.addChannel(
                HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), device, () -> { }));
        scheduler.runUntilIdle();
        post(1, new org.hvref.channel.protocol.InitiateContact(version.code(), 0, 0x7FFF_F000L, 0, 0, null));
        assertTrue(((VersionResponse) drain().get(0)).versionSupported());
        post(1, new RequestOffers());
        drain();
        List<Long> values = new ArrayList<>(List.of(8L * 4096));
        for (long p = 16; p < 24; p++) {
            values.add(p);
        }
        post(1, new GpadlHeader(relid[0], 5, values.size() * 8, 1, values));
        drain();
        post(1, ScriptedGuest.open(relid[0], 5, 4, 0));
        assertEquals(List.of(new OpenChannelResult(relid[0], relid[0], 0)), drain());

        scheduler.submit(Side.HOST, "kick", () -> device.rings.get(0).signalGuest().signal());
        scheduler.runUntilIdle();
        assertTrue(vp0.eventFlag(SINT, 0));
        assertFalse(vp0.eventFlag(SINT, relid[0]));
    }
}
