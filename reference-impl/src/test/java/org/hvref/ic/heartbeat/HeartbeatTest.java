package org.hvref.ic.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcHostState;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcHeaderDescriptor;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat pair at IC level (devices-ic-input-video.md §2): {@link HeartbeatHostService} over an
 * {@link IcHostNegotiator}, {@link HeartbeatResponder} behind an {@link IcServiceClient}, packets handed across by the
 * test (no channel): sequence arithmetic, echoed reserved bytes, refusal of short payloads, and miss detection.
 */
class HeartbeatTest {
    /** Host and guest IC cores wired by hand; {@link #pump} plays the channel (one request at a time). */
    static final class Pair {
        final IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF);
        final IcServiceClient guest;
        final HeartbeatHostService service;
        boolean guestAnswers = true;
        byte[] lastAnswer;

        Pair(HeartbeatHostService service, IcRequestConsumer daemon) {
            this.service = service;
            this.guest = new IcServiceClient(IcService.HEARTBEAT, IcGuestVersions.of(IcVersionPolicy.LINUX,
                    IcService.HEARTBEAT), daemon, SpecTracer.OFF);
            service.bind(this::pump);
            byte[] offer = host.negotiateRequest();
            byte[] answer = guest.onPacket(offer, offer.length).response().orElseThrow();
            IcHostResult.Negotiated n = (IcHostResult.Negotiated) host.onPacket(answer, answer.length);
            service.onNegotiated(n.framework(), n.message());
        }

        void pump() {
            if (host.state() != IcHostState.READY) {
                return;
            }
            Optional<byte[]> next = service.nextRequest();
            if (next.isEmpty()) {
                return;
            }
            byte[] request = host.request(next.get());
            if (!guestAnswers) {
                return;
            }
            guest.process(request, request.length, out -> {
                lastAnswer = out;
                IcHostResult.Response r = (IcHostResult.Response) host.onPacket(out, out.length);
                service.onResponse(r.header(), r.payload());
            });
            pump();
        }
    }

    /** Records what the listener heard. */
    static final class Heard implements HeartbeatListener {
        final List<HeartbeatMiss> misses = new ArrayList<>();
        final List<Long> rounds = new ArrayList<>();
        final List<Long> roundNanos = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        final List<Integer> unresponsive = new ArrayList<>();

        @Override
        public void onRound(long sequence, long nanos) {
            rounds.add(sequence);
            roundNanos.add(nanos);
        }

        @Override
        public void onMissed(HeartbeatMiss miss) {
            misses.add(miss);
        }

        @Override
        public void onUnresponsive(int consecutiveMisses) {
            unresponsive.add(consecutiveMisses);
        }

        @Override
        public void onChannelLost(String why) {
            lost.add(why);
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000);
    private final Heard heard = new Heard();

    private HeartbeatHostService service(long first, int limit) {
        return new HeartbeatHostService(first, limit, () -> clock.addAndGet(500), heard);
    }

    private static long sequenceOf(byte[] packet) {
        return ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getLong(IcHeaderDescriptor.LENGTH);
    }

    @Test
    void shouldAnswerSequencePlusOneInPlaceAndEchoTheReservedBytes() {
        IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF);
        IcServiceClient guest = new IcServiceClient(IcService.HEARTBEAT, IcGuestVersions.of(
                IcVersionPolicy.MAC_HYPERV_SUPPORT, IcService.HEARTBEAT), new HeartbeatResponder(), SpecTracer.OFF);
        byte[] offer = host.negotiateRequest();
        byte[] answer = guest.onPacket(offer, offer.length).response().orElseThrow();
        host.onPacket(answer, answer.length);
        byte[] payload = new byte[HeartbeatDescriptor.LENGTH];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0x1122_3344_5566_7788L);
        for (int i = HeartbeatDescriptor.RESERVED_OFFSET; i < payload.length; i++) {
            payload[i] = (byte) (0xA0 + i); // e.g. OVMM's application_state at 36: must come back unchanged
        }
        byte[] request = host.request(payload);
        byte[] response = guest.onPacket(request, request.length).response().orElseThrow();
        assertEquals(68, response.length, "same size as the request (ic §1.2 in place, §2: 68 bytes)");
        assertEquals(0x1122_3344_5566_7789L, sequenceOf(response));
        assertArrayEquals(Arrays.copyOfRange(request, 36, 68), Arrays.copyOfRange(response, 36, 68));
        IcHostResult.Response r = (IcHostResult.Response) host.onPacket(response, response.length);
        assertTrue(r.ok());
    }

    @Test
    void shouldRefuseAHeartbeatWithoutASequenceNumber() {
        HeartbeatResponder responder = new HeartbeatResponder();
        IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF);
        IcServiceClient guest = new IcServiceClient(IcService.HEARTBEAT, IcGuestVersions.of(IcVersionPolicy.LINUX,
                IcService.HEARTBEAT), responder, SpecTracer.OFF);
        byte[] offer = host.negotiateRequest();
        byte[] answer = guest.onPacket(offer, offer.length).response().orElseThrow();
        host.onPacket(answer, answer.length);
        byte[] request = host.request(new byte[7]);
        byte[] response = guest.onPacket(request, request.length).response().orElseThrow();
        IcHeader h = IcCodec.decodeHeader(response, response.length);
        assertEquals(IcStatus.E_FAIL, h.status());
        assertEquals(0, responder.answered());
        HeartbeatException e = assertThrows(HeartbeatException.class,
                () -> responder.answer(h, ByteBuffer.allocate(7)));
        assertEquals(HeartbeatError.TOO_SHORT, e.reason());
        assertEquals("heartbeat payload: 7 bytes (expected: >= 8)", e.getMessage());
    }

    @Test
    void shouldAdvanceTheSequenceByTwoPerRound() {
        HeartbeatHostService hb = service(40, 3);
        HeartbeatResponder responder = new HeartbeatResponder();
        Pair p = new Pair(hb, responder);
        for (int i = 0; i < 3; i++) {
            assertTrue(hb.tick());
            assertEquals(40 + 2 * i + 1, sequenceOf(p.lastAnswer));
        }
        assertEquals(List.of(40L, 42L, 44L), heard.rounds);
        assertEquals(3, hb.rounds());
        assertEquals(0, hb.missed());
        assertEquals(45, responder.lastAnswer());
        assertEquals(IcVersion.V3_0, hb.messageVersion());
        assertTrue(heard.roundNanos.stream().allMatch(n -> n > 0), "round times come from the injected clock");
    }

    @Test
    void shouldQueueATickBeforeNegotiationAndSendItAfterwards() {
        HeartbeatHostService hb = service(0, 3);
        assertTrue(hb.tick(), "queued");
        assertFalse(hb.negotiated());
        assertEquals(Optional.empty(), new HeartbeatHostService().nextRequest(), "nothing queued, nothing sent");
        Pair p = new Pair(hb, new HeartbeatResponder());
        p.pump(); // the channel asks after the negotiation
        assertEquals(1, hb.rounds());
    }

    @Test
    void shouldCountATickWhileTheHeartbeatIsUnansweredAsMissedAndDeclareTheGuestUnresponsive() {
        HeartbeatHostService hb = service(10, 2);
        Pair p = new Pair(hb, new HeartbeatResponder());
        hb.tick();
        p.guestAnswers = false;
        assertTrue(hb.tick(), "heartbeat 12 sent");
        assertTrue(hb.awaitingAnswer());
        assertFalse(hb.tick(), "12 unanswered: a miss, no second heartbeat outstanding");
        assertEquals(1, hb.consecutiveMisses());
        assertFalse(hb.isUnresponsive());
        assertTrue(heard.unresponsive.isEmpty());
        assertFalse(hb.tick());
        assertTrue(hb.isUnresponsive());
        assertEquals(List.of(2), heard.unresponsive);
        assertFalse(hb.tick());
        assertEquals(List.of(2), heard.unresponsive, "reported once");
        assertEquals(3, hb.missed());
        assertEquals(List.of(12L, 12L, 12L), heard.misses.stream().map(HeartbeatMiss::sequence).toList());
        assertEquals(List.of(1, 2, 3), heard.misses.stream().map(HeartbeatMiss::consecutive).toList());
        assertTrue(heard.misses.stream().allMatch(m -> m.reason() == HeartbeatMiss.Reason.UNANSWERED));
        assertEquals(IcHostState.WAIT_RESPONSE, p.host.state());
    }

    @Test
    void shouldCountAWrongSequenceAsMissedAndRecoverOnTheNextGoodRound() {
        HeartbeatHostService hb = service(0, 2);
        boolean[] wrong = {true};
        HeartbeatResponder good = new HeartbeatResponder();
        Pair p = new Pair(hb, new IcRequestConsumer() {
            @Override
            public void onRequest(org.hvref.ic.IcServiceRequest request) {
            }

            @Override
            public int answer(IcHeader header, ByteBuffer payload) {
                if (wrong[0]) {
                    payload.putLong(0, payload.getLong(0) + 2);
                    return IcStatus.S_OK;
                }
                return good.answer(header, payload);
            }
        });
        hb.tick();
        hb.tick();
        assertEquals(2, hb.missed());
        assertTrue(hb.isUnresponsive());
        assertEquals(List.of(HeartbeatMiss.Reason.WRONG_SEQUENCE, HeartbeatMiss.Reason.WRONG_SEQUENCE),
                heard.misses.stream().map(HeartbeatMiss::reason).toList());
        wrong[0] = false;
        hb.tick();
        assertEquals(1, hb.rounds());
        assertEquals(0, hb.consecutiveMisses());
        assertFalse(hb.isUnresponsive());
        assertEquals(5, sequenceOf(p.lastAnswer), "third heartbeat carries 4 (0, 2, 4)");
    }

    @Test
    void shouldCountARefusedHeartbeatAsMissed() {
        HeartbeatHostService hb = service(0, 3);
        Pair p = new Pair(hb, null); // no daemon: E_FAIL (hazards.md M11)
        hb.tick();
        assertEquals(1, hb.missed());
        assertEquals(HeartbeatMiss.Reason.REFUSED, heard.misses.get(0).reason());
        p.guest.setConsumer(new HeartbeatResponder());
        hb.tick();
        assertEquals(1, hb.rounds());
    }

    @Test
    void shouldStopOnALostChannelAndReportItOnce() {
        HeartbeatHostService hb = service(0, 3);
        new Pair(hb, new HeartbeatResponder());
        hb.tick();
        hb.onChannelLost("rescinded");
        hb.onChannelLost("again");
        assertEquals(List.of("rescinded"), heard.lost);
        assertFalse(hb.tick());
        assertEquals(Optional.empty(), hb.nextRequest());
        assertTrue(hb.isLost());
        assertEquals(0, hb.missed(), "a lost channel is not a missed heartbeat");
    }

    @Test
    void shouldRejectAMissLimitBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HeartbeatHostService(0, 0, () -> 0, HeartbeatListener.NONE));
        assertEquals("miss limit: 0 (expected: >= 1)", e.getMessage());
    }
}
