package org.hvref.ic.hazard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcClientState;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcHostState;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One regression per {@code ic/MCIcNegotiation_*_bug.cfg} of spec/src/tla/manifest.json (and the list check for every
 * must-fail configuration under ic/, FileCopy's included): for every guest family the host offer that triggers the
 * hazard is negotiated by the real {@link IcHostNegotiator} and {@link IcServiceClient}; the safe outcome is asserted
 * on both sides (state, chosen versions, answer bytes); the real trace must be accepted by {@code TraceIcNegotiation}
 * and the event a buggy guest would have recorded, spliced into it, must be rejected by TLC at exactly that event.
 * The liveness hazard {@code act_before_answer} is also run on its bug configuration.
 */
class IcHazardRegressionTest {
    /** The IcNegotiation hazards covered here (the cfg names between {@code MCIcNegotiation_} and {@code _bug}). */
    static final List<String> HAZARDS = List.of("accept_unoffered", "wrong_framework", "version_from_vmbus",
            "act_before_answer");

    private static final IcService SERVICE = IcService.SHUTDOWN;
    private static final IcVersion V2_0 = new IcVersion(2, 0);

    private static SpecFiles files;
    private static IcTraceValidator validator;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        validator = new IcTraceValidator(TlcRunner.usingClasspath(), files);
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** One IC channel: host, guest, the shared tracer, the guest's answer to NEGOTIATE and the host's verdict. */
    record Channel(IcHostNegotiator host, IcServiceClient guest, RecordingTracer tracer, byte[] offer,
                   Optional<byte[]> answer, IcHostResult result) {
        List<Map<String, Object>> trace() {
            return tracer.events().stream().map(TraceEvent::toRecord).toList();
        }
    }

    /** Negotiates one channel with the given host lists; a silent guest makes the host time out. */
    static Channel negotiate(IcVersionPolicy policy, List<IcVersion> fw, List<IcVersion> msg,
                             IcRequestConsumer consumer) {
        RecordingTracer tracer = new RecordingTracer();
        IcHostNegotiator host = new IcHostNegotiator(SERVICE, fw, msg, tracer);
        IcServiceClient guest = new IcServiceClient(SERVICE, IcGuestVersions.of(policy, SERVICE), consumer, tracer);
        byte[] offer = host.negotiateRequest();
        Optional<byte[]> answer = guest.onPacket(offer, offer.length).response();
        IcHostResult r = answer.isPresent() ? host.onPacket(answer.get(), answer.get().length) : host.timeout();
        return new Channel(host, guest, tracer, offer, answer, r);
    }

    /** What a buggy guest sends: the answer to {@code offer} claiming success with the two versions given. */
    static byte[] forgedAnswer(byte[] offer, IcVersion fw, IcVersion msg) {
        byte[] out = new IcServiceClient(SERVICE, IcGuestVersions.of(IcVersionPolicy.LINUX, SERVICE), null,
                SpecTracer.OFF).onPacket(offer, offer.length).response().orElseThrow();
        IcHeader h = IcCodec.decodeHeader(out, out.length);
        IcCodec.writeHeader(out, h.withStatus(IcStatus.S_OK));
        IcCodec.writeNegotiateAnswer(out, 1, 1, fw, msg);
        return out;
    }

    /** The host refuses what the buggy guest would answer (defence in depth: it checks 1/1 and offered versions). */
    static void assertHostRefuses(List<IcVersion> fw, List<IcVersion> msg, IcVersion badFw, IcVersion badMsg) {
        IcHostNegotiator host = new IcHostNegotiator(SERVICE, fw, msg, SpecTracer.OFF);
        byte[] offer = host.negotiateRequest();
        byte[] forged = forgedAnswer(offer, badFw, badMsg);
        assertInstanceOf(IcHostResult.NegotiationFailed.class, host.onPacket(forged, forged.length),
                "host accepts " + badFw + "/" + badMsg);
        assertEquals(IcHostState.FAILED, host.state());
    }

    static Map<String, Object> withFields(Map<String, Object> event, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(event);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static int indexOf(List<Map<String, Object>> t, String action) {
        for (int i = 0; i < t.size(); i++) {
            if (action.equals(t.get(i).get("e"))) {
                return i;
            }
        }
        throw new AssertionError(action + " not in the trace " + t);
    }

    /** The trace up to {@code k} with event {@code k} replaced (TLC must reject there). */
    static List<Map<String, Object>> replaceAt(List<Map<String, Object>> t, int k, Map<String, Object> bug) {
        List<Map<String, Object>> b = new ArrayList<>(t.subList(0, k + 1));
        b.set(k, bug);
        return b;
    }

    /** The real trace is accepted; the buggy one rejected at {@code at}. */
    static void assertTlc(List<Map<String, Object>> real, List<Map<String, Object>> buggy, int at) {
        TraceVerdict ok = validator.validate(List.of(real));
        assertTrue(ok.accepted(), () -> "the real trace: " + ((TraceVerdict.Rejected) ok).message());
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, validator.validate(List.of(buggy)),
                "the buggy trace " + buggy);
        assertEquals(at, r.eventIndex(), () -> "TLC rejects at the spliced event " + buggy.get(at) + ": "
                + r.message());
        assertEquals(buggy.get(at), r.event());
        System.out.println("IcNegotiation: buggy " + buggy.get(at) + " rejected at event " + at);
    }

    static IcVersion first(List<IcVersion> l) {
        return l.get(0);
    }

    // ---- accept_unoffered: no common message version -> the negotiation fails --------------------------------

    /** A host offer with no message version this family can pick (exact: 2.0; FreeBSD: only above its 3.0 max). */
    static List<IcVersion> noCommonMessage(IcVersionPolicy p) {
        return p == IcVersionPolicy.FREEBSD ? List.of(IcVersion.V3_1, IcVersion.V3_2) : List.of(V2_0);
    }

    @Test
    void acceptUnoffered() {
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            List<IcVersion> fw = List.of(IcVersion.V3_0);
            List<IcVersion> msg = noCommonMessage(p);
            Channel c = negotiate(p, fw, msg, r -> { });
            assertInstanceOf(IcClientState.Unnegotiated.class, c.guest().state(), p + ": the guest accepts nothing");
            assertInstanceOf(IcHostResult.NegotiationFailed.class, c.result(), p.toString());
            assertEquals(IcHostState.FAILED, c.host().state());
            switch (p) {
                case FREEBSD -> assertTrue(c.answer().isEmpty(), "FreeBSD stays silent");
                case LINUX, MAC_HYPERV_SUPPORT -> {
                    byte[] a = c.answer().orElseThrow();
                    assertEquals(0, IcCodec.rawNegotiateCounts(a)[0], p + ": framework count 0");
                    assertEquals(0, IcCodec.rawNegotiateCounts(a)[1], p + ": message count 0");
                    assertEquals(p == IcVersionPolicy.MAC_HYPERV_SUPPORT ? IcStatus.E_FAIL : IcStatus.S_OK,
                            IcCodec.decodeHeader(a, a.length).status(), p + ": status");
                }
            }
            IcGuestVersions g = IcGuestVersions.of(p, SERVICE);
            IcVersion newest = first(g.messages());
            assertHostRefuses(fw, msg, IcVersion.V3_0, newest);
            // the buggy guest answers its newest message version anyway
            List<Map<String, Object>> t = c.trace();
            int k = indexOf(t, IcActions.GUEST_RCV_NEGOTIATE);
            assertEquals(false, t.get(k).get("ok"));
            List<Map<String, Object>> bug = replaceAt(t, k, withFields(t.get(k), "ok", true, "resp", true,
                    "fw", IcVersion.V3_0.toLinuxInt(), "msg", newest.toLinuxInt()));
            assertTlc(t, bug, k);
        }
    }

    // ---- wrong_framework: a host offering framework 1.0 only gets 1.0 ------------------------------------------

    @Test
    void wrongFramework() {
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            List<IcVersion> fw = List.of(IcVersion.V1_0);
            List<IcVersion> msg = List.of(IcVersion.V1_0, IcVersion.V3_0);
            List<String> acted = new ArrayList<>();
            Channel c = negotiate(p, fw, msg, r -> acted.add("acted"));
            assertEquals(new IcClientState.Ready(IcVersion.V1_0, IcVersion.V3_0), c.guest().state(), p.toString());
            assertEquals(new IcHostResult.Negotiated(IcVersion.V1_0, IcVersion.V3_0), c.result(), p.toString());
            assertEquals(IcVersion.V1_0, c.host().framework());
            // the channel works at framework 1.0
            byte[] req = c.host().request(new byte[] {0, 0, 0, 0});
            List<IcHostResult> responses = new ArrayList<>();
            c.guest().process(req, req.length, out -> responses.add(c.host().onPacket(out, out.length)));
            assertTrue(assertInstanceOf(IcHostResult.Response.class, responses.get(0)).ok(), p.toString());
            assertEquals(List.of("acted"), acted);
            IcVersion own = first(IcGuestVersions.of(p, SERVICE).frameworks());
            assertEquals(IcVersion.V3_0, own, p + ": the guest's own newest framework, which the bug answers");
            assertHostRefuses(fw, msg, own, IcVersion.V3_0);
            List<Map<String, Object>> t = c.trace();
            int k = indexOf(t, IcActions.GUEST_RCV_NEGOTIATE);
            List<Map<String, Object>> bug = replaceAt(t, k, withFields(t.get(k), "fw", own.toLinuxInt()));
            assertTlc(t, bug, k);
        }
    }

    // ---- version_from_vmbus (hazards.md #15): the message version comes from the offer ---------------------

    @Test
    void versionFromVmbus() {
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            List<IcVersion> fw = List.of(IcVersion.V1_0, IcVersion.V3_0);
            List<IcVersion> msg = List.of(IcVersion.V3_0, IcVersion.V3_1, IcVersion.V3_2);
            Channel c = negotiate(p, fw, msg, r -> { });
            IcGuestVersions g = IcGuestVersions.of(p, SERVICE);
            IcVersion want = p.select(g.messages(), msg).orElseThrow();
            assertEquals(p == IcVersionPolicy.FREEBSD ? IcVersion.V3_0 : IcVersion.V3_2, want);
            assertEquals(new IcClientState.Ready(IcVersion.V3_0, want), c.guest().state(), p.toString());
            assertEquals(new IcHostResult.Negotiated(IcVersion.V3_0, want), c.result(), p.toString());
            // the same guest against a 1.0-only host: the choice follows the offer, not a fixed table
            Channel old = negotiate(p, List.of(IcVersion.V1_0), List.of(IcVersion.V1_0), r -> { });
            assertEquals(new IcClientState.Ready(IcVersion.V1_0, IcVersion.V1_0), old.guest().state(), p + " old");
            // the buggy guest answers the fixed IC version 1.0 of the VMBus-version table (L-UTIL-1)
            assertHostRefuses(fw, msg, IcVersion.V3_0, IcVersion.V1_0);
            List<Map<String, Object>> t = c.trace();
            int k = indexOf(t, IcActions.GUEST_RCV_NEGOTIATE);
            List<Map<String, Object>> bug = replaceAt(t, k, withFields(t.get(k), "msg", IcVersion.V1_0.toLinuxInt()));
            assertTlc(t, bug, k);
        }
    }

    // ---- act_before_answer (hazards.md M11): answer first, act afterwards; no consumer -> E_FAIL at once -------

    @Test
    void actBeforeAnswer() {
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            // without a consumer the request is answered E_FAIL at once (the buggy guest waits for ever)
            Channel lone = negotiate(p, IcService.HOST_FRAMEWORK_VERSIONS, SERVICE.hostVersions(), null);
            assertInstanceOf(IcHostResult.Negotiated.class, lone.result());
            byte[] req = lone.host().request(new byte[] {0, 0, 0, 0});
            List<IcHostResult> responses = new ArrayList<>();
            lone.guest().process(req, req.length, out -> responses.add(lone.host().onPacket(out, out.length)));
            IcHostResult.Response r = assertInstanceOf(IcHostResult.Response.class, responses.get(0), p.toString());
            assertEquals(IcStatus.E_FAIL, r.header().status(), p + ": E_FAIL without a consumer");
            assertEquals(IcHostState.READY, lone.host().state(), p + ": the host may send the next request");
            List<Map<String, Object>> lt = lone.trace();
            assertEquals(List.of(IcActions.HOST_SEND_REQUEST, IcActions.GUEST_RCV_REQUEST, IcActions.HOST_RCV_RESPONSE),
                    lt.subList(lt.size() - 3, lt.size()).stream().map(e -> e.get("e")).toList());

            // with a consumer: when it acts, the host already holds the S_OK answer
            List<IcHostState> hostWhenActing = new ArrayList<>();
            Channel[] ch = new Channel[1];
            IcRequestConsumer consumer = new IcRequestConsumer() {
                @Override
                public void onRequest(IcServiceRequest request) {
                    hostWhenActing.add(ch[0].host().state());
                }
            };
            ch[0] = negotiate(p, IcService.HOST_FRAMEWORK_VERSIONS, SERVICE.hostVersions(), consumer);
            Channel c = ch[0];
            byte[] req2 = c.host().request(new byte[] {0, 0, 0, 0});
            List<IcHostResult> got = new ArrayList<>();
            c.guest().process(req2, req2.length, out -> got.add(c.host().onPacket(out, out.length)));
            assertTrue(assertInstanceOf(IcHostResult.Response.class, got.get(0)).ok());
            assertEquals(List.of(IcHostState.READY), hostWhenActing, p + ": answered before the consumer acted");
            List<Map<String, Object>> t = c.trace();
            int k = indexOf(t, IcActions.GUEST_RCV_REQUEST);
            assertTrue(k < indexOf(t, IcActions.GUEST_DELIVER_REQUEST));
            // the buggy guest hands the request to its consumer before it answers
            List<Map<String, Object>> bug = replaceAt(t, k, Map.of("e", IcActions.GUEST_DELIVER_REQUEST));
            assertTlc(t, bug, k);
            TraceVerdict lv = validator.validate(List.of(lt));
            assertTrue(lv.accepted(), lv::toString);
        }
        // the liveness side: a guest that waits for its (absent) consumer never answers -> RequestAnsweredProp
        TlcResult r = TlcRunner.usingClasspath().run(files.root(), "ic/MCIcNegotiation",
                "ic/MCIcNegotiation_act_before_answer_bug.cfg");
        assertEquals("RequestAnsweredProp", r.violated(), "TLC: " + r.summary());
    }

    // ---- the list -----------------------------------------------------------------------------------------------

    @Test
    void shouldHaveARegressionForEveryIcMustFailConfigOfTheManifest() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(files.root().resolve("manifest.json")));
        TreeSet<String> bugs = new TreeSet<>();
        for (JsonNode entry : manifest) {
            String cfg = entry.path("cfg").asText();
            if (cfg.startsWith("ic/") && !"pass".equals(entry.path("expect").asText())) {
                bugs.add(cfg);
            }
        }
        TreeSet<String> covered = new TreeSet<>();
        HAZARDS.forEach(h -> covered.add("ic/MCIcNegotiation_" + h + "_bug.cfg"));
        FileCopyHazardRegressionTest.HAZARDS.forEach(h -> covered.add("ic/MCFileCopy_" + h + "_bug.cfg"));
        assertEquals(bugs, covered, "one regression per must-fail cfg under ic/");
        assertEquals(9, covered.size());
        assertFalse(bugs.isEmpty());
    }
}
