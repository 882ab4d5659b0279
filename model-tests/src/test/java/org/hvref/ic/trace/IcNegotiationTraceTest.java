package org.hvref.ic.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real negotiations of the Java host ({@link IcHostNegotiator}) and guest ({@link IcServiceClient}): every service,
 * every guest family, the default host offers and varied ones (success and failure, with and without a consumer), one
 * {@link RecordingTracer} per channel; all traces must be behaviours of {@code IcNegotiation} (TLC), every action of
 * the spec must occur, and a tampered trace must be rejected.
 */
class IcNegotiationTraceTest {
    static final IcVersion V2_0 = new IcVersion(2, 0);

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

    /** One channel: negotiate, then up to {@code requests} requests (if negotiated); returns the trace. */
    static List<Map<String, Object>> session(IcService service, IcVersionPolicy policy, List<IcVersion> fw,
                                             List<IcVersion> msg, boolean consumer, int requests) {
        RecordingTracer tracer = new RecordingTracer();
        IcHostNegotiator host = fw == null ? new IcHostNegotiator(service, tracer)
                : new IcHostNegotiator(service, fw, msg, tracer);
        List<String> acted = new ArrayList<>();
        IcServiceClient guest = new IcServiceClient(service, IcGuestVersions.of(policy, service),
                consumer ? r -> acted.add("acted") : null, tracer);
        byte[] offer = host.negotiateRequest();
        Optional<byte[]> answer = guest.onPacket(offer, offer.length).response();
        IcHostResult r = answer.isPresent() ? host.onPacket(answer.get(), answer.get().length) : host.timeout();
        if (r instanceof IcHostResult.Negotiated) {
            for (int i = 0; i < requests; i++) {
                byte[] req = host.request(new byte[] {(byte) i, 0, 0, 0});
                guest.process(req, req.length, out -> host.onPacket(out, out.length));
            }
        }
        assertEquals(consumer && r instanceof IcHostResult.Negotiated ? requests : 0, acted.size());
        return tracer.events().stream().map(TraceEvent::toRecord).toList();
    }

    static List<List<Map<String, Object>>> allSessions() {
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (IcService s : IcService.values()) {
            for (IcVersionPolicy p : IcVersionPolicy.values()) {
                traces.add(session(s, p, null, null, true, 2));
            }
        }
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            // varied host lists: 3.0 only; 1.0 only; no common message version; above FreeBSD's max; non-exact 2.0
            traces.add(session(IcService.SHUTDOWN, p, List.of(IcVersion.V3_0), List.of(IcVersion.V3_0), false, 1));
            traces.add(session(IcService.SHUTDOWN, p, List.of(IcVersion.V1_0), List.of(IcVersion.V1_0), true, 1));
            traces.add(session(IcService.HEARTBEAT, p, List.of(IcVersion.V3_0), List.of(V2_0), true, 1));
            traces.add(session(IcService.TIMESYNC, p, List.of(IcVersion.V3_0), List.of(IcVersion.V5_0), true, 1));
            traces.add(session(IcService.SHUTDOWN, p, List.of(IcVersion.V1_0, IcVersion.V3_0),
                    List.of(IcVersion.V1_0, V2_0, IcVersion.V3_2), true, 2));
        }
        return traces;
    }

    /** The spec's action names: the String constants of {@link IcActions} except the module name. */
    static Set<String> specActions() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : IcActions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("SPEC")) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    @Test
    void javaTracesShouldBeBehavioursOfTheSpecAndCoverEveryAction() throws IllegalAccessException {
        List<List<Map<String, Object>>> traces = allSessions();
        Set<String> seen = new TreeSet<>();
        traces.forEach(t -> t.forEach(e -> seen.add((String) e.get("e"))));
        assertEquals(specActions(), seen, "every IcNegotiation action occurs in some trace");
        assertEquals(8, seen.size());
        TraceVerdict v = validator.validate(traces);
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(traces.size(), a.traces());
        // both outcomes of negotiation occur for every family
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            assertTrue(traces.stream().anyMatch(t -> t.stream().anyMatch(e -> e.get("e").equals(
                    IcActions.GUEST_RCV_NEGOTIATE) && p.traceName().equals(e.get("policy"))
                    && Boolean.FALSE.equals(e.get("ok")))), p + " fails somewhere");
        }
    }

    @Test
    void aTamperedTraceShouldBeRejected() {
        List<Map<String, Object>> t = new ArrayList<>(session(IcService.SHUTDOWN, IcVersionPolicy.LINUX, null, null,
                true, 1));
        // claim the guest chose 3.0 where Linux picks 3.2 from the default offer
        Map<String, Object> rcv = new java.util.LinkedHashMap<>(t.get(1));
        assertEquals(IcActions.GUEST_RCV_NEGOTIATE, rcv.get("e"));
        rcv.put("msg", IcVersion.V3_0.toLinuxInt());
        t.set(1, rcv);
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, validator.validate(List.of(t)));
        assertEquals(1, r.eventIndex());
    }
}
