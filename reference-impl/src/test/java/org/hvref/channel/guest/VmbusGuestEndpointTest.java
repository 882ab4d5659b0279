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
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.junit.jupiter.api.Test;

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
}
