package org.hvref.ic;

import static org.hvref.ic.protocol.IcVersion.V1_0;
import static org.hvref.ic.protocol.IcVersion.V3_0;
import static org.hvref.ic.protocol.IcVersion.V3_2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcFlags;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageError;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcNegotiate;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** Host negotiator against guest client (devices-ic-input-video.md §1.4, §1.7; hazards.md M11, #15). */
class IcNegotiationTest {

    static IcServiceClient guest(IcService s, IcVersionPolicy p, IcRequestConsumer c) {
        return new IcServiceClient(s, IcGuestVersions.of(p, s), c, SpecTracer.OFF);
    }

    /** Runs the negotiation; returns what the host made of it. */
    static IcHostResult negotiate(IcHostNegotiator host, IcServiceClient guest) {
        byte[] req = host.negotiateRequest();
        Optional<byte[]> answer = guest.onPacket(req, req.length).response();
        return answer.isPresent() ? host.onPacket(answer.get(), answer.get().length) : host.timeout();
    }

    @Test
    void everyServiceShouldNegotiateWithEveryFamilyAgainstTheDefaultHost() {
        for (IcService s : IcService.values()) {
            for (IcVersionPolicy p : IcVersionPolicy.values()) {
                IcHostNegotiator host = new IcHostNegotiator(s, SpecTracer.OFF);
                IcServiceClient g = guest(s, p, null);
                IcHostResult r = negotiate(host, g);
                IcHostResult.Negotiated n = assertInstanceOf(IcHostResult.Negotiated.class, r, s + " " + p);
                assertEquals(new IcClientState.Ready(n.framework(), n.message()), g.state(), s + " " + p);
                assertEquals(IcHostState.READY, host.state());
            }
        }
    }

    @Test
    void linuxShouldPickShutdown32AndFreebsd30() {
        IcHostNegotiator h1 = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        assertEquals(new IcHostResult.Negotiated(V3_0, V3_2),
                negotiate(h1, guest(IcService.SHUTDOWN, IcVersionPolicy.LINUX, null)));
        IcHostNegotiator h2 = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        assertEquals(new IcHostResult.Negotiated(V3_0, V3_0),
                negotiate(h2, guest(IcService.SHUTDOWN, IcVersionPolicy.FREEBSD, null)));
    }

    @Test
    void noCommonVersionShouldFailAsEachFamilyAnswers() {
        // 3.1: above FreeBSD's 3.0 maximum and in no exact-match list
        List<IcVersion> only31 = List.of(new IcVersion(3, 1));
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, List.of(V3_0), only31, SpecTracer.OFF);
            IcServiceClient g = guest(IcService.HEARTBEAT, p, null);
            byte[] req = host.negotiateRequest();
            Optional<byte[]> answer = g.onPacket(req, req.length).response();
            assertEquals(new IcClientState.Unnegotiated(), g.state());
            switch (p) {
                case FREEBSD -> {
                    assertEquals(Optional.empty(), answer, "FreeBSD sends no answer on failure");
                    assertEquals(IcNegotiationError.TIMEOUT,
                            assertInstanceOf(IcHostResult.NegotiationFailed.class, host.timeout()).error());
                }
                case LINUX, MAC_HYPERV_SUPPORT -> {
                    byte[] a = answer.orElseThrow();
                    IcHeader h = IcCodec.decodeHeader(a, a.length);
                    assertEquals(p == IcVersionPolicy.LINUX ? IcStatus.S_OK : IcStatus.E_FAIL, h.status());
                    assertEquals(IcFlags.GUEST_RESPONSE, h.flags());
                    IcHostResult.NegotiationFailed f = assertInstanceOf(IcHostResult.NegotiationFailed.class,
                            host.onPacket(a, a.length));
                    assertEquals(IcNegotiationError.NO_COMMON_VERSION, f.error());
                    assertEquals(IcHostState.FAILED, host.state());
                }
            }
        }
    }

    @Test
    void freebsdShouldSendNothingOnFailureAndTheHostShouldTimeOut() {
        IcHostNegotiator host = new IcHostNegotiator(IcService.SHUTDOWN, List.of(V3_0), List.of(new IcVersion(3, 1)),
                SpecTracer.OFF);
        IcServiceClient g = guest(IcService.SHUTDOWN, IcVersionPolicy.FREEBSD, null);
        byte[] req = host.negotiateRequest();
        assertEquals(Optional.empty(), g.onPacket(req, req.length).response());
        IcHostResult.NegotiationFailed f = assertInstanceOf(IcHostResult.NegotiationFailed.class, host.timeout());
        assertEquals(IcNegotiationError.TIMEOUT, f.error());
        assertThrows(IllegalStateException.class, () -> host.request(new byte[0]));
    }

    @Test
    void freebsdShouldAcceptANonExactHostVersionThatLinuxRejects() {
        List<IcVersion> offer = List.of(V1_0, new IcVersion(2, 5));
        IcHostNegotiator h1 = new IcHostNegotiator(IcService.SHUTDOWN, List.of(V3_0), offer, SpecTracer.OFF);
        assertEquals(new IcHostResult.Negotiated(V3_0, new IcVersion(2, 5)),
                negotiate(h1, guest(IcService.SHUTDOWN, IcVersionPolicy.FREEBSD, null)));
        IcHostNegotiator h2 = new IcHostNegotiator(IcService.SHUTDOWN, List.of(V3_0), offer, SpecTracer.OFF);
        assertEquals(new IcHostResult.Negotiated(V3_0, V1_0),
                negotiate(h2, guest(IcService.SHUTDOWN, IcVersionPolicy.LINUX, null)));
    }

    @Test
    void hostShouldRejectAGuestChoosingAVersionItDidNotOffer() {
        // hazards.md #15 (L-UTIL-1): a guest picks its version from a fixed table, not from the offer
        IcHostNegotiator host = new IcHostNegotiator(IcService.TIMESYNC, List.of(V3_0), List.of(V3_0),
                SpecTracer.OFF);
        host.negotiateRequest();
        byte[] bad = IcCodec.encodeNegotiate(new IcHeader(new IcVersion(0, 0), IcMessageType.NEGOTIATE,
                new IcVersion(0, 0), 0, IcStatus.S_OK, 0, IcFlags.GUEST_RESPONSE),
                new IcNegotiate(List.of(V3_0), List.of(V1_0)));
        IcHostResult.NegotiationFailed f = assertInstanceOf(IcHostResult.NegotiationFailed.class,
                host.onPacket(bad, bad.length));
        assertEquals(IcNegotiationError.NOT_OFFERED, f.error());
        assertEquals("negotiate answer: fw=3.0 msg=1.0 (expected: fw in [3.0], msg in [3.0])", f.detail());
    }

    @Test
    void hostShouldRejectResponsesWithoutResponseFlagsOrWithATransactionId() {
        for (int[] flagsAndId : new int[][] {{IcFlags.HOST_REQUEST, 0}, {IcFlags.RESPONSE, 0},
            {IcFlags.GUEST_RESPONSE, 7}}) {
            IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF);
            host.negotiateRequest();
            byte[] bad = IcCodec.encodeNegotiate(new IcHeader(new IcVersion(0, 0), IcMessageType.NEGOTIATE,
                    new IcVersion(0, 0), 0, IcStatus.S_OK, flagsAndId[1], flagsAndId[0]),
                    new IcNegotiate(List.of(V3_0), List.of(V3_0)));
            MalformedIcMessageException e = assertThrows(MalformedIcMessageException.class,
                    () -> host.onPacket(bad, bad.length));
            assertEquals(IcMessageError.BAD_FLAGS, e.reason());
            assertEquals(IcHostState.FAILED, host.state());
        }
    }

    @Test
    void requestsShouldCarryTheNegotiatedVersionsAndBeAnsweredBeforeActedOn() {
        List<String> log = new ArrayList<>();
        IcServiceClient g = guest(IcService.SHUTDOWN, IcVersionPolicy.LINUX,
                r -> log.add("acted " + r.payload().length));
        IcHostNegotiator host = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        negotiate(host, g);
        byte[] req = host.request(new byte[] {1, 2, 3, 4});
        IcHeader h = IcCodec.decodeHeader(req, req.length);
        assertEquals(V3_0, h.frameworkVersion());
        assertEquals(V3_2, h.messageVersion());
        assertEquals(IcMessageType.SHUTDOWN, h.messageType());
        assertThrows(IllegalStateException.class, () -> host.request(new byte[0]), "one outstanding request");
        List<byte[]> sent = new ArrayList<>();
        g.process(req, req.length, out -> {
            log.add("answered");
            sent.add(out);
        });
        assertEquals(List.of("answered", "acted 4"), log);
        IcHostResult.Response r = assertInstanceOf(IcHostResult.Response.class,
                host.onPacket(sent.get(0), sent.get(0).length));
        assertTrue(r.ok());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, r.payload());
        assertEquals(IcHostState.READY, host.state());
    }

    @Test
    void absentConsumerShouldGetEFailAndNoDelivery() {
        IcServiceClient g = guest(IcService.SHUTDOWN, IcVersionPolicy.MAC_HYPERV_SUPPORT, null);
        IcHostNegotiator host = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        negotiate(host, g);
        byte[] req = host.request(new byte[8]);
        IcClientStep step = g.onPacket(req, req.length);
        assertEquals(Optional.empty(), step.delivery());
        byte[] a = step.response().orElseThrow();
        IcHostResult.Response r = assertInstanceOf(IcHostResult.Response.class, host.onPacket(a, a.length));
        assertEquals(IcStatus.E_FAIL, r.header().status());
    }

    /** A consumer that answers in place, refuses, or cannot parse its payload. */
    static final class VerdictConsumer implements IcRequestConsumer {
        final List<IcServiceRequest> acted = new ArrayList<>();
        int verdict = IcStatus.S_OK;

        @Override
        public void onRequest(IcServiceRequest request) {
            acted.add(request);
        }

        @Override
        public int answer(IcHeader header, java.nio.ByteBuffer payload) {
            if (payload.remaining() < 8) {
                throw new MalformedIcMessageException(IcMessageError.BAD_SIZE, "test payload: "
                        + payload.remaining() + " bytes (expected: >= 8)");
            }
            payload.putLong(0, payload.getLong(0) + 1);
            return verdict;
        }
    }

    @Test
    void theConsumerShouldDecideTheStatusAndMayRewriteThePayloadInPlace() {
        VerdictConsumer c = new VerdictConsumer();
        IcServiceClient g = guest(IcService.HEARTBEAT, IcVersionPolicy.LINUX, c);
        IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF);
        negotiate(host, g);
        byte[] req = host.request(new byte[] {41, 0, 0, 0, 0, 0, 0, 0, 9, 9});
        IcClientStep step = g.onPacket(req, req.length);
        byte[] a = step.response().orElseThrow();
        assertEquals(req.length, a.length, "answered in place, same length");
        IcHostResult.Response r = assertInstanceOf(IcHostResult.Response.class, host.onPacket(a, a.length));
        assertEquals(IcStatus.S_OK, r.header().status());
        assertArrayEquals(new byte[] {42, 0, 0, 0, 0, 0, 0, 0, 9, 9}, r.payload());
        assertTrue(step.delivery().isPresent());

        c.verdict = IcStatus.ERROR_NOT_SUPPORTED;
        req = host.request(new byte[8]);
        step = g.onPacket(req, req.length);
        a = step.response().orElseThrow();
        r = assertInstanceOf(IcHostResult.Response.class, host.onPacket(a, a.length));
        assertEquals(IcStatus.ERROR_NOT_SUPPORTED, r.header().status());
        assertEquals(Optional.empty(), step.delivery(), "a refused request is not acted on");

        c.verdict = IcStatus.S_OK;
        req = host.request(new byte[4]);
        step = g.onPacket(req, req.length);
        a = step.response().orElseThrow();
        r = assertInstanceOf(IcHostResult.Response.class, host.onPacket(a, a.length));
        assertEquals(IcStatus.E_FAIL, r.header().status(), "a payload the service cannot parse is refused");
        assertArrayEquals(new byte[4], r.payload(), "and echoed unchanged");
        assertEquals(Optional.empty(), step.delivery());
    }

    @Test
    void requestsBeforeNegotiationAndUnknownTypesShouldGetEFail() {
        IcServiceClient g = guest(IcService.HEARTBEAT, IcVersionPolicy.LINUX, r -> { });
        byte[] early = IcCodec.encode(IcHeader.hostRequest(IcMessageType.HEARTBEAT, V3_0, V3_0, 8), new byte[8]);
        IcClientStep s1 = g.onPacket(early, early.length);
        assertEquals(Optional.empty(), s1.delivery());
        assertEquals(IcStatus.E_FAIL, IcCodec.decodeHeader(s1.response().get(), early.length).status());
        negotiate(new IcHostNegotiator(IcService.HEARTBEAT, SpecTracer.OFF), g);
        byte[] unknown = IcCodec.encode(IcHeader.hostRequest(IcMessageType.valueOf(42), V3_0, V3_0, 0), new byte[0]);
        IcClientStep s2 = g.onPacket(unknown, unknown.length);
        assertEquals(Optional.empty(), s2.delivery());
        assertEquals(IcStatus.E_FAIL, IcCodec.decodeHeader(s2.response().get(), unknown.length).status());
    }

    @Test
    void guestShouldRenegotiateAtAnyTime() {
        IcServiceClient g = guest(IcService.TIMESYNC, IcVersionPolicy.LINUX, null);
        negotiate(new IcHostNegotiator(IcService.TIMESYNC, SpecTracer.OFF), g);
        assertEquals(new IcClientState.Ready(V3_0, IcVersion.V4_0), g.state());
        negotiate(new IcHostNegotiator(IcService.TIMESYNC, List.of(V1_0), List.of(V1_0), SpecTracer.OFF), g);
        assertEquals(new IcClientState.Ready(V1_0, V1_0), g.state());
    }

    @Test
    void guestShouldNotAnswerHostileHeaders() {
        IcServiceClient g = guest(IcService.HEARTBEAT, IcVersionPolicy.LINUX, null);
        byte[] response = IcCodec.encode(new IcHeader(V3_0, IcMessageType.HEARTBEAT, V3_0, 0, 0, 0,
                IcFlags.GUEST_RESPONSE), new byte[0]);
        assertEquals(IcMessageError.BAD_FLAGS, assertThrows(MalformedIcMessageException.class,
                () -> g.onPacket(response, response.length)).reason());
        assertEquals(IcMessageError.TOO_SHORT, assertThrows(MalformedIcMessageException.class,
                () -> g.onPacket(new byte[10], 10)).reason());
    }

    @Test
    void shouldRecordSpecEventsInOrder() {
        RecordingTracer tracer = new RecordingTracer();
        IcServiceClient g = new IcServiceClient(IcService.HEARTBEAT,
                IcGuestVersions.of(IcVersionPolicy.LINUX, IcService.HEARTBEAT), r -> { }, tracer);
        IcHostNegotiator host = new IcHostNegotiator(IcService.HEARTBEAT, tracer);
        negotiate(host, g);
        byte[] req = host.request(new byte[0]);
        g.process(req, req.length, out -> host.onPacket(out, out.length));
        List<String> names = tracer.events().stream().map(TraceEvent::action).toList();
        assertEquals(List.of(IcActions.HOST_SEND_NEGOTIATE, IcActions.GUEST_RCV_NEGOTIATE,
                IcActions.HOST_RCV_NEGOTIATE_RESPONSE, IcActions.HOST_SEND_REQUEST, IcActions.GUEST_RCV_REQUEST,
                IcActions.HOST_RCV_RESPONSE, IcActions.GUEST_DELIVER_REQUEST), names);
        TraceEvent rcv = tracer.events().get(1);
        assertEquals("linux", rcv.get("policy"));
        assertEquals(List.of(0x30000, 0x10000), rcv.get("gfw"));
        assertEquals(0x30000, rcv.get("fw"));
    }
}
