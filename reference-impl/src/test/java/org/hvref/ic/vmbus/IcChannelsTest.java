package org.hvref.ic.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.protocol.OfferChannelDescriptor;
import org.hvref.ic.IcClientState;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcHostState;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.heartbeat.HeartbeatHostService;
import org.hvref.ic.heartbeat.HeartbeatResponder;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageError;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketType;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.VmbusPacket;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IcHostChannel} and {@link IcGuestChannel} over two real rings in one guest memory, interrupts delivered by
 * the test: negotiation and heartbeats, in-band packets with flags 0 (host transaction id 0, guest echoes it), the
 * answer before the consumer acts, malformed packets on either side, one request outstanding, the negotiate timeout,
 * close; and the offer facts of {@link IcOffers}.
 */
class IcChannelsTest {
    private static final int DATA = 3 * GuestMemory.PAGE_SIZE;

    /** A deterministic interrupt line. */
    static final class Irq implements ChannelSignal {
        boolean pending;

        @Override
        public void signal() {
            pending = true;
        }
    }

    /** Records the packets passing to a handler. */
    static final class Tap implements ChannelPacketHandler {
        final List<VmbusPacket> seen = new ArrayList<>();
        final ChannelPacketHandler next;

        Tap(ChannelPacketHandler next) {
            this.next = next;
        }

        @Override
        public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
            seen.add(packet);
            next.onPacket(endpoint, packet);
        }
    }

    /** A host provider with a fixed queue of request payloads. */
    static final class Scripted implements IcHostService {
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        final List<IcHeader> answers = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        Runnable ready;

        @Override
        public IcService service() {
            return IcService.SHUTDOWN;
        }

        @Override
        public void bind(Runnable requestReady) {
            ready = requestReady;
        }

        @Override
        public Optional<byte[]> nextRequest() {
            return Optional.ofNullable(queue.poll());
        }

        @Override
        public void onResponse(IcHeader header, byte[] payload) {
            answers.add(header);
        }

        @Override
        public void onChannelLost(String why) {
            lost.add(why);
        }
    }

    private final GuestMemory memory = GuestMemory.heap(8);
    private final RingLayout toHost = RingLayout.contiguous(memory, 0, DATA);
    private final RingLayout toGuest = RingLayout.contiguous(memory, 4L * GuestMemory.PAGE_SIZE, DATA);
    private final Irq hostIrq = new Irq();
    private final Irq guestIrq = new Irq();
    private ChannelEndpoint host;
    private ChannelEndpoint guest;

    IcChannelsTest() {
        toHost.initialize(true);
        toGuest.initialize(true);
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private void connect(ChannelPacketHandler hostHandler, ChannelPacketHandler guestHandler) {
        host = new ChannelEndpoint(new RingWriter(toGuest), new RingReader(toHost), guestIrq, hostHandler);
        guest = new ChannelEndpoint(new RingWriter(toHost), new RingReader(toGuest), hostIrq, guestHandler);
    }

    private void runUntilQuiet() {
        for (int i = 0; i < 10_000; i++) {
            if (hostIrq.pending) {
                hostIrq.pending = false;
                host.onInterrupt();
            } else if (guestIrq.pending) {
                guestIrq.pending = false;
                guest.onInterrupt();
            } else {
                return;
            }
        }
        throw new AssertionError("interrupts keep coming (livelock?)");
    }

    private static IcGuestChannel guestChannel(IcService service, IcVersionPolicy family, HeartbeatResponder daemon) {
        return new IcGuestChannel(new IcServiceClient(service, IcGuestVersions.of(family, service), daemon,
                SpecTracer.OFF));
    }

    @Test
    void shouldNegotiateAndRunHeartbeatsWithInBandPacketsOfFlagsZero() {
        HeartbeatHostService hb = new HeartbeatHostService();
        IcHostChannel hc = new IcHostChannel(hb, new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF));
        IcGuestChannel gc = guestChannel(IcService.HEARTBEAT, IcVersionPolicy.LINUX, new HeartbeatResponder());
        Tap hostSaw = new Tap(hc);
        Tap guestSaw = new Tap(gc);
        connect(hostSaw, guestSaw);
        hc.opened(host);
        runUntilQuiet();
        assertTrue(hc.negotiated().isDone());
        assertEquals(IcVersion.V3_0, hb.messageVersion());
        for (int i = 0; i < 3; i++) {
            assertTrue(hb.tick());
            runUntilQuiet();
        }
        assertEquals(3, hb.rounds());
        assertEquals(4, guestSaw.seen.size());
        assertEquals(4, hostSaw.seen.size());
        for (VmbusPacket p : guestSaw.seen) {
            InBandPacket b = assertInstanceOf(InBandPacket.class, p);
            assertEquals(0, b.flags());
            assertEquals(0, b.transactionId(), "host packets: InBandNoCompletion, transaction id 0 (ic §1.1)");
        }
        for (VmbusPacket p : hostSaw.seen) {
            assertEquals(PacketType.DATA_INBAND, p.type());
            assertEquals(0, p.flags());
        }
        assertEquals(3, hc.requestsSent());
        assertEquals(3, hc.responses());
        assertEquals(4, gc.answered());
        assertThrows(IllegalStateException.class, () -> hc.opened(host), "one negotiation per open");
    }

    @Test
    void shouldEchoTheTransactionIdAndAnswerBeforeTheConsumerActs() {
        List<Boolean> answerVisibleWhenActing = new ArrayList<>();
        IcServiceClient client = new IcServiceClient(IcService.SHUTDOWN, IcGuestVersions.of(IcVersionPolicy.LINUX,
                IcService.SHUTDOWN), r -> answerVisibleWhenActing.add(hostIrq.pending), SpecTracer.OFF);
        IcGuestChannel gc = new IcGuestChannel(client);
        List<VmbusPacket> answers = new ArrayList<>();
        connect((e, p) -> answers.add(p), gc);
        IcHostNegotiator neg = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        host.send(new InBandPacket(0, 77, neg.negotiateRequest()));
        runUntilQuiet();
        neg.onPacket(answers.get(0).payload(), answers.get(0).payload().length);
        host.send(new InBandPacket(0, 78, neg.request(new byte[12])));
        guestIrq.pending = false;
        guest.onInterrupt(); // the guest alone: the host has not drained the answer yet
        assertEquals(List.of(true), answerVisibleWhenActing, "answer signalled to the host before the daemon acts");
        runUntilQuiet();
        assertEquals(List.of(77L, 78L), answers.stream().map(VmbusPacket::transactionId).toList());
        assertTrue(answers.stream().allMatch(p -> p.flags() == 0 && p.type() == PacketType.DATA_INBAND));
        assertInstanceOf(IcClientState.Ready.class, client.state());
    }

    @Test
    void shouldDropMalformedHostPacketsAndKeepAnswering() {
        IcGuestChannel gc = guestChannel(IcService.HEARTBEAT, IcVersionPolicy.MAC_HYPERV_SUPPORT,
                new HeartbeatResponder());
        List<VmbusPacket> answers = new ArrayList<>();
        connect((e, p) -> answers.add(p), gc);
        host.send(new InBandPacket(0, 1, new byte[10]));
        host.send(new InBandPacket(0, 2, new byte[IcOffers.UTIL_MAX_PACKET + 8]));
        IcHostNegotiator neg = new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF);
        host.send(new InBandPacket(0, 3, neg.negotiateRequest()));
        runUntilQuiet();
        assertEquals(List.of(3L), answers.stream().map(VmbusPacket::transactionId).toList());
        List<?> reasons = gc.protocolErrors().stream().map(e -> e.reason()).toList();
        assertEquals(List.of(IcMessageError.TOO_SHORT, IcChannelError.TOO_LARGE), reasons);
        assertEquals("ic packet: 4104 bytes (expected: <= 4096)", gc.protocolErrors().get(1).getMessage());
        assertEquals(2, guest.protocolErrors(), "the endpoint counted both and kept working");
        IcChannelException e = assertThrows(IcChannelException.class, () -> gc.onPacket(guest,
                new GpaDirectPacket(0, 4, List.of(new GpaRange(8, 0, new long[] {7})), new byte[8])));
        assertEquals(IcChannelError.NOT_IN_BAND, e.reason());
    }

    @Test
    void shouldLoseTheChannelOnAMalformedNegotiateAnswerButNotOnAMalformedResponse() {
        Scripted s = new Scripted();
        IcHostChannel hc = new IcHostChannel(s, new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF));
        List<VmbusPacket> toGuestSeen = new ArrayList<>();
        connect(hc, (e, p) -> toGuestSeen.add(p));
        hc.opened(host);
        runUntilQuiet();
        guest.send(new InBandPacket(0, 0, new byte[5]));
        runUntilQuiet();
        assertEquals(1, s.lost.size(), "a broken negotiate answer makes the channel unusable");
        assertEquals(IcMessageError.TOO_SHORT, hc.protocolErrors().get(0).reason());
        assertTrue(hc.negotiated().isCompletedExceptionally());

        Scripted s2 = new Scripted();
        IcHostChannel hc2 = new IcHostChannel(s2, new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF));
        IcServiceClient client = new IcServiceClient(IcService.SHUTDOWN, IcGuestVersions.of(IcVersionPolicy.LINUX,
                IcService.SHUTDOWN), r -> { }, SpecTracer.OFF);
        boolean[] corrupt = {false};
        connect(hc2, (e, p) -> {
            if (corrupt[0]) {
                corrupt[0] = false;
                e.send(new InBandPacket(0, 0, new byte[3])); // garbage instead of the answer
                return;
            }
            new IcGuestChannel(client).onPacket(e, p);
        });
        hc2.opened(host);
        runUntilQuiet();
        s2.queue.add(new byte[8]);
        s2.queue.add(new byte[8]);
        corrupt[0] = true;
        s2.ready.run();
        runUntilQuiet();
        assertTrue(s2.lost.isEmpty(), "a malformed response leaves the channel usable");
        assertEquals(1, hc2.protocolErrors().size());
        assertEquals(1, s2.answers.size(), "the next request went out and was answered");
        assertEquals(2, hc2.requestsSent());
    }

    @Test
    void shouldKeepOneRequestOutstandingHoweverOftenTheServiceSignals() {
        Scripted s = new Scripted();
        IcHostChannel hc = new IcHostChannel(s, new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF));
        IcGuestChannel gc = new IcGuestChannel(new IcServiceClient(IcService.SHUTDOWN,
                IcGuestVersions.of(IcVersionPolicy.FREEBSD, IcService.SHUTDOWN), r -> { }, SpecTracer.OFF));
        connect(hc, gc);
        for (int i = 0; i < 5; i++) {
            s.queue.add(new byte[] {(byte) i, 0, 0, 0});
        }
        s.ready.run(); // before the negotiation: nothing to send yet
        assertEquals(0, hc.requestsSent());
        hc.opened(host);
        runUntilQuiet();
        assertEquals(5, hc.requestsSent(), "after the negotiation the queue drains one answer at a time");
        s.queue.add(new byte[4]);
        s.queue.add(new byte[4]);
        for (int i = 0; i < 10; i++) {
            s.ready.run();
        }
        assertEquals(6, hc.requestsSent(), "never two outstanding");
        assertEquals(IcHostState.WAIT_RESPONSE, hc.negotiator().state());
        runUntilQuiet();
        assertEquals(7, hc.requestsSent());
        assertEquals(7, s.answers.size());
        assertEquals(IcVersion.V3_0, s.answers.get(0).messageVersion(), "FreeBSD: highest offered <= its max 3.0");
    }

    @Test
    void shouldFailOnTheNegotiateTimeoutOfASilentGuestAndTellTheServiceOnce() {
        Scripted s = new Scripted();
        IcHostChannel hc = new IcHostChannel(s, new IcHostNegotiator(IcService.SHUTDOWN,
                IcService.HOST_FRAMEWORK_VERSIONS, List.of(IcVersion.V5_0), SpecTracer.OFF));
        connect(hc, guestChannel(IcService.SHUTDOWN, IcVersionPolicy.FREEBSD, null));
        hc.opened(host);
        runUntilQuiet();
        assertFalse(hc.lost().isDone(), "FreeBSD answers a failed negotiation with silence");
        assertTrue(hc.negotiateTimeout());
        assertFalse(hc.negotiateTimeout());
        hc.closed("rescinded");
        assertEquals(1, s.lost.size());
        assertTrue(s.lost.get(0).contains("TIMEOUT"), s.lost::toString);
        assertEquals(IcHostState.FAILED, hc.negotiator().state());
    }

    @Test
    void shouldTellTheServiceOnCloseOnlyOnce() {
        Scripted s = new Scripted();
        IcHostChannel hc = new IcHostChannel(s, new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF));
        connect(hc, guestChannel(IcService.SHUTDOWN, IcVersionPolicy.LINUX, null));
        hc.opened(host);
        runUntilQuiet();
        assertFalse(hc.negotiateTimeout(), "answered already");
        hc.closed("closed by the guest");
        hc.closed("again");
        assertEquals(List.of("closed by the guest"), s.lost);
        s.queue.add(new byte[4]);
        s.ready.run();
        assertEquals(0, hc.requestsSent(), "nothing is sent on a closed channel");
    }

    @Test
    void shouldRefuseAServiceOfAnotherKindThanTheNegotiator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IcHostChannel(
                new HeartbeatHostService(), new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF)));
        assertEquals("ic host service: HEARTBEAT (expected: the negotiator's SHUTDOWN)", e.getMessage());
    }

    @Test
    void shouldDescribeIcOffersAsMessageModePipesWithFamilyRingSizes() {
        assertEquals(0x11, IcOffers.IC_OFFER_FLAGS);
        byte[] area = IcOffers.pipeUserDefined().toArray();
        assertEquals(OfferChannelDescriptor.USER_DEFINED_LENGTH, area.length);
        assertEquals(4, area[0]);
        for (int i = 1; i < area.length; i++) {
            assertEquals(0, area[i], "byte " + i);
        }
        assertEquals(8, IcOffers.ringPages(IcVersionPolicy.LINUX, IcService.HEARTBEAT), "2 x (header + 3 pages)");
        assertEquals(8, IcOffers.ringPages(IcVersionPolicy.FREEBSD, IcService.SHUTDOWN), "2 x 4 pages");
        assertEquals(4, IcOffers.ringPages(IcVersionPolicy.MAC_HYPERV_SUPPORT, IcService.TIMESYNC), "2 x (1 + 1)");
        assertEquals(18, IcOffers.ringPages(IcVersionPolicy.MAC_HYPERV_SUPPORT, IcService.FCOPY), "2 x (1 + 8)");
        assertEquals(IcOffers.MAX_PIPE_PAYLOAD, IcOffers.guestMaxPacket(IcService.FCOPY));
        assertEquals(4096, IcOffers.guestMaxPacket(IcService.SHUTDOWN));
        Set<Object> ids = new java.util.HashSet<>();
        for (IcService s : IcService.values()) {
            ids.add(IcOffers.instanceId(s, 0));
            ids.add(IcOffers.instanceId(s, 1));
        }
        assertEquals(2 * IcService.values().length, ids.size(), "instance ids are distinct");
        assertNotEquals(IcOffers.instanceId(IcService.HEARTBEAT, 0), IcOffers.instanceId(IcService.SHUTDOWN, 0));
        IcHeader h = IcCodec.decodeHeader(new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF).negotiateRequest(),
                60);
        assertEquals(0, h.transactionId());
        assertThrows(MalformedIcMessageException.class, () -> IcCodec.decodeHeader(new byte[3], 3));
    }
}
