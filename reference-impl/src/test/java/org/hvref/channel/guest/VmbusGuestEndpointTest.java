package org.hvref.channel.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.hypervisor.DeterministicScheduler;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.InterruptPage;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guest adapter over the simulated hypervisor, against a minimal host on the hypervisor's message ports. */
class VmbusGuestEndpointTest {

    /** A host that accepts {@code accepted}, offers relid 1 and answers GPADLs and opens with success. */
    private static final class MiniHost {
        final Hypervisor hv;
        final ProtocolVersion accepted;
        final List<Integer> contactPorts = new ArrayList<>();
        ProtocolVersion version;

        MiniHost(Hypervisor hv, ProtocolVersion accepted, int... ports) {
            this.hv = hv;
            this.accepted = accepted;
            for (int port : ports) {
                hv.registerMessagePort(port, (id, type, payload) -> onMessage(id, payload));
            }
        }

        private void onMessage(int port, byte[] payload) {
            ChannelMessage m = version == null ? ChannelMessageCodec.decodeBeforeContact(payload, payload.length)
                    : ChannelMessageCodec.decode(payload, payload.length, version);
            if (m instanceof InitiateContact c) {
                contactPorts.add(port);
                boolean ok = c.versionRequested() == accepted.code();
                version = ok ? accepted : null;
                send(new VersionResponse(VersionResponse.Form.BASIC, ok, 0, ok ? 1 : 0, 0, 0, 0));
            } else if (m instanceof RequestOffers) {
                send(ScriptedHost.offer(1));
                send(new AllOffersDelivered());
            } else if (m instanceof GpadlHeader h) {
                send(new GpadlCreated(h.childRelid(), h.gpadl(), 0));
            } else if (m instanceof OpenChannel o) {
                send(new OpenChannelResult(o.childRelid(), o.openId(), 0));
            }
        }

        private void send(ChannelMessage m) {
            assertEquals(HvStatus.SUCCESS, hv.postToGuest(0, 2, 1,
                    ChannelMessageCodec.encode(m, version == null ? ProtocolVersion.WS2008 : version)));
        }
    }

    @Test
    void shouldConnectOpenAndSignalThroughTheHypervisor() {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(7);
        Hypervisor hv = Hypervisor.create(GuestMemory.heap(128), scheduler);
        MiniHost host = new MiniHost(hv, ProtocolVersion.WIN10_V5_3, 1, 4);
        VmbusGuestEndpoint endpoint = new VmbusGuestEndpoint(hv, ClientConfig.defaults(0x1000),
                new RecordingTracer(), 0x10000);
        VmbusClient client = endpoint.client();
        CompletableFuture<ProtocolVersion> connected = client.connect();
        scheduler.runUntilIdle();
        assertEquals(ProtocolVersion.WIN10_V5_3, connected.join());
        assertEquals(List.of(4, 4), host.contactPorts);
        CompletableFuture<List<org.hvref.channel.protocol.OfferChannel>> offers = client.requestOffers();
        scheduler.runUntilIdle();
        assertEquals(1, offers.join().size());
        CompletableFuture<OpenedChannel> opened = client.open(1, new long[] {40, 41, 42, 43}, 2, 0, null);
        scheduler.runUntilIdle();
        OpenedChannel ch = opened.join();

        AtomicInteger guestKicks = new AtomicInteger();
        endpoint.onChannelInterrupt(1, guestKicks::incrementAndGet);
        assertTrue(hv.signalGuest(0, 2, 1));
        scheduler.runUntilIdle();
        assertEquals(1, guestKicks.get());

        AtomicInteger hostKicks = new AtomicInteger();
        hv.registerEventPort(ch.signalConnectionId(), hostKicks::incrementAndGet);
        endpoint.signalFor(ch).signal();
        scheduler.runUntilIdle();
        assertEquals(1, hostKicks.get());
        assertEquals(0, endpoint.rejectedMessages());
    }

    @Test
    void shouldFallBackToAnOlderVersionWhenTheHostHasNoPort4() {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(3);
        Hypervisor hv = Hypervisor.create(GuestMemory.heap(128), scheduler);
        MiniHost host = new MiniHost(hv, ProtocolVersion.WIN10_V4_1, 1);
        VmbusGuestEndpoint endpoint = new VmbusGuestEndpoint(hv, ClientConfig.defaults(0x1000),
                new RecordingTracer(), 0x10000);
        CompletableFuture<ProtocolVersion> connected = endpoint.client().connect();
        scheduler.runUntilIdle();
        assertEquals(ProtocolVersion.WIN10_V4_1, connected.join());
        assertEquals(List.of(1), host.contactPorts);
    }

    @Test
    void shouldCountAHostileMessageAndKeepGoing() {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(5);
        Hypervisor hv = Hypervisor.create(GuestMemory.heap(128), scheduler);
        new MiniHost(hv, ProtocolVersion.WIN10_V5_3, 1, 4);
        VmbusGuestEndpoint endpoint = new VmbusGuestEndpoint(hv, ClientConfig.defaults(0x1000),
                new RecordingTracer(), 0x10000);
        CompletableFuture<ProtocolVersion> connected = endpoint.client().connect();
        scheduler.runUntilIdle();
        connected.join();
        hv.postToGuest(0, 2, 1, new byte[] {6, 0, 0, 0});
        hv.postToGuest(0, 2, 0x80000010, new byte[8]);
        scheduler.runUntilIdle();
        assertEquals(1, endpoint.rejectedMessages());
        assertEquals(1, endpoint.foreignMessages());
        CompletableFuture<?> offers = endpoint.client().requestOffers();
        scheduler.runUntilIdle();
        assertInstanceOf(List.class, offers.join());
    }

    /** Interrupt page of {@code ClientConfig.defaults(0x1000)}. */
    private static final long INTERRUPT_PAGE = 0x1000;

    private static VmbusGuestEndpoint connectedAt(DeterministicScheduler scheduler, Hypervisor hv,
            ProtocolVersion v) {
        new MiniHost(hv, v, 1);
        VmbusGuestEndpoint endpoint = new VmbusGuestEndpoint(hv, ClientConfig.defaults(0x1000),
                new RecordingTracer(), 0x10000);
        CompletableFuture<ProtocolVersion> connected = endpoint.client().connect();
        scheduler.runUntilIdle();
        assertEquals(v, connected.join());
        return endpoint;
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"WS2008", "WIN7"})
    void shouldDispatchEveryInterruptPageBitOnceOnFlagZeroBelowWin8(ProtocolVersion v) {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(11);
        Hypervisor hv = Hypervisor.create(GuestMemory.heap(128), scheduler);
        VmbusGuestEndpoint endpoint = connectedAt(scheduler, hv, v);
        int[] kicks = new int[5];
        for (int relid = 1; relid <= 4; relid++) {
            int r = relid;
            endpoint.onChannelInterrupt(relid, () -> kicks[r]++);
        }
        endpoint.removeChannelInterrupt(4); // closed
        InterruptPage page = new InterruptPage(hv.memory(), INTERRUPT_PAGE);
        for (int relid : new int[] {1, 2, 3, 4, 77, 0}) { // 77 unknown, 4 closed, 0 never a channel
            page.set(InterruptPage.Half.HOST_TO_GUEST, relid);
        }
        page.set(InterruptPage.Half.GUEST_TO_HOST, 2); // the guest's own half is not its to scan
        hv.signalGuest(0, 2, 0); // several channels signalled before the guest runs: one flag 0
        hv.signalGuest(0, 2, 0);

        scheduler.runUntilIdle();

        assertEquals(List.of(0, 1, 1, 1, 0), java.util.Arrays.stream(kicks).boxed().toList());
        assertEquals(6, endpoint.legacyInterrupts());
        assertEquals(3, endpoint.unknownLegacyInterrupts());
        assertEquals(0, page.takeAll(InterruptPage.Half.HOST_TO_GUEST, r -> { }), "every bit was cleared");
        assertTrue(page.isSet(InterruptPage.Half.GUEST_TO_HOST, 2), "guest->host half untouched");
        assertEquals(false, hv.synic(0).eventFlag(2, 0), "flag 0 taken");
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"WS2008", "WIN7"})
    void shouldTreatFlagZeroWithAnEmptyPageAsSpuriousBelowWin8(ProtocolVersion v) {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(13);
        Hypervisor hv = Hypervisor.create(GuestMemory.heap(128), scheduler);
        VmbusGuestEndpoint endpoint = connectedAt(scheduler, hv, v);
        AtomicInteger kicks = new AtomicInteger();
        endpoint.onChannelInterrupt(1, kicks::incrementAndGet);
        hv.signalGuest(0, 2, 0); // flag 0 with an empty page: a spurious interrupt
        scheduler.runUntilIdle();
        assertEquals(0, kicks.get());
        assertEquals(0, endpoint.legacyInterrupts());
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"WIN8", "WIN8_1", "WIN10_V4_1"})
    void shouldUseThePerRelidFlagAndLeaveTheInterruptPageAloneFromWin8(ProtocolVersion v) {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(17);
        Hypervisor hv = Hypervisor.create(GuestMemory.heap(128), scheduler);
        VmbusGuestEndpoint endpoint = connectedAt(scheduler, hv, v);
        AtomicInteger kicks = new AtomicInteger();
        endpoint.onChannelInterrupt(1, kicks::incrementAndGet);
        InterruptPage page = new InterruptPage(hv.memory(), INTERRUPT_PAGE);
        page.set(InterruptPage.Half.HOST_TO_GUEST, 1);
        hv.signalGuest(0, 2, 0);
        scheduler.runUntilIdle();
        assertEquals(0, kicks.get(), "flag 0 is skipped from 2.4 on");
        assertTrue(page.isSet(InterruptPage.Half.HOST_TO_GUEST, 1), "page half untouched");
        assertEquals(0, endpoint.legacyInterrupts());

        hv.signalGuest(0, 2, 1);
        scheduler.runUntilIdle();
        assertEquals(1, kicks.get(), "the per-relid flag dispatches");
    }
}
