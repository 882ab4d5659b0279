package org.hvref.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-written Java-shaped IC traces (ic/CONTRACT-IcNegotiation.md) through TraceIcNegotiation, accepted and rejected. */
class IcTraceValidatorTest {
    static final int V10 = 0x10000;
    static final int V30 = 0x30000;
    static final int V31 = 0x30001;
    static final int V32 = 0x30002;

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

    static Map<String, Object> ev(String name, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", name);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    static List<Map<String, Object>> linuxShutdown(int chosenMsg) {
        return List.of(
                ev("HostSendNegotiate", "hfw", List.of(V10, V30), "hmsg", List.of(V10, V30, V31, V32)),
                ev("GuestRcvNegotiate", "policy", "linux", "gfw", List.of(V30, V10),
                        "gmsg", List.of(V32, V31, V30, V10), "ok", true, "resp", true, "fw", V30, "msg", chosenMsg),
                ev("HostRcvNegotiateResponse", "ok", true, "fw", V30, "msg", chosenMsg),
                ev("HostSendRequest"),
                ev("GuestRcvRequest", "ok", true),
                ev("GuestDeliverRequest"),
                ev("HostRcvResponse", "ok", true));
    }

    @Test
    void shouldAcceptAValidNegotiationAndRequest() {
        TraceVerdict v = validator.validate(List.of(linuxShutdown(V32)));
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(7, a.events());
    }

    @Test
    void shouldRejectAGuestThatDoesNotPickItsBestCommonVersion() {
        // 3.1 is offered and supported, but Linux walks 3.2 first: not a behaviour of the spec
        TraceVerdict v = validator.validate(List.of(linuxShutdown(V32), linuxShutdown(V31)));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, v, v.toString());
        assertEquals(1, r.traceIndex());
        assertEquals(1, r.eventIndex());
    }

    @Test
    void shouldRejectAnAnswerFromASilentFreebsdGuest() {
        List<Map<String, Object>> t = List.of(
                ev("HostSendNegotiate", "hfw", List.of(V30), "hmsg", List.of(V31)),
                ev("GuestRcvNegotiate", "policy", "freebsd", "gfw", List.of(V30), "gmsg", List.of(V30),
                        "ok", false, "resp", true));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, validator.validate(List.of(t)));
        assertEquals(1, r.eventIndex());
    }

    @Test
    void shouldRejectMalformedEventsBeforeRunningTlc() {
        assertThrows(IllegalArgumentException.class, () -> validator.validate(List.of(List.of(
                ev("HostSendNegotiate", "hfw", List.of("3.0"), "hmsg", List.of(V30))))));
        assertThrows(IllegalArgumentException.class, () -> validator.validate(List.of(List.of(
                ev("HostSendNegotiate", "hfw", V30, "hmsg", List.of(V30))))));
        assertTrue(TraceModuleWriter.renderIc("M", List.of(linuxShutdown(V32))).contains("hfw |-> <<65536, 196608>>"));
    }
}
