package org.hvref.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java-shaped StorVSC guest/host traces (storvsc/CONTRACT.md, the sample log's) through TraceStorvscProtocol. */
class StorvscTraceValidatorTest {
    static final int V20 = 0x0200;
    static final int V42 = 0x0402;
    static final int V51 = 0x0501;
    static final int V60 = 0x0600;
    static final int V62 = 0x0602;
    static final int INIT_ID = 99;
    static final List<Integer> LINUX = List.of(V62, V60, V51);

    private static SpecFiles files;
    private static StorvscTraceValidator validator;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        validator = new StorvscTraceValidator(TlcRunner.usingClasspath(), files);
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

    /** Init against an openvmm-like host: 6.2 refused, 6.0 accepted, multi-channel, sub-channels (sample trace 2). */
    static List<Map<String, Object>> ovmmInit() {
        List<Map<String, Object>> t = new ArrayList<>(List.of(
                ev("GuestBeginInit", "gvers", LINUX, "id", INIT_ID),
                ev("HostRcvBegin", "hvers", List.of(V20, V42, V51, V60), "multi", true, "disks", List.of(0),
                        "dvds", List.of(), "st", "success"),
                ev("GuestRcvInitComplete", "st", "success"),
                ev("HostRcvVersion", "v", V62, "st", "mismatch"),
                ev("GuestRcvInitComplete", "st", "mismatch"),
                ev("HostRcvVersion", "v", V60, "st", "success"),
                ev("GuestRcvInitComplete", "st", "success"),
                ev("HostRcvProps", "st", "success", "multi", true),
                ev("GuestRcvInitComplete", "st", "success"),
                ev("HostRcvEnd", "st", "success"),
                ev("GuestRcvInitComplete", "st", "success"),
                ev("GuestCreateSubChannels"),
                ev("HostRcvSubChannels", "st", "success"),
                ev("GuestRcvInitComplete", "st", "success")));
        return t;
    }

    /** Sample trace 2: probes, an I/O answered 0x30, hot-add and rescan, a stray completion dropped, rescind. */
    static List<Map<String, Object>> ovmmSession(boolean strayAccepted) {
        List<Map<String, Object>> t = ovmmInit();
        t.addAll(List.of(
                ev("GuestProbe", "id", 1, "lun", 0),
                ev("GuestProbe", "id", 2, "lun", 1),
                ev("HostRcvSrb", "id", 1, "lun", 0, "srb", "success", "st", "success"),
                ev("HostRcvSrb", "id", 2, "lun", 1, "srb", "invalidLun", "st", "success"),
                ev("GuestRcvSrbComplete", "id", 1, "srb", "success", "ok", true),
                ev("GuestRcvSrbComplete", "id", 2, "srb", "invalidLun", "ok", true),
                ev("GuestIssueIo", "id", 1, "lun", 0),
                ev("HostRcvSrb", "id", 1, "lun", 0, "srb", "internal", "st", "success"),
                ev("GuestRcvSrbComplete", "id", 1, "srb", "internal", "ok", true),
                ev("HostHotAdd", "lun", 1, "id", 0),
                ev("GuestRcvNotification", "op", "enumerate", "id", 0),
                ev("GuestProbe", "id", 1, "lun", 1),
                ev("HostRcvSrb", "id", 1, "lun", 1, "srb", "success", "st", "success"),
                ev("HostStrayComplete", "id", 0),
                ev("GuestRcvSrbComplete", "id", 1, "srb", "success", "ok", true),
                ev("GuestRcvSrbComplete", "id", 0, "srb", "success", "ok", strayAccepted),
                ev("GuestIssueIo", "id", 2, "lun", 1),
                ev("Rescind")));
        return t;
    }

    /** Sample trace 3: an old host (2.0, 4.2) refuses every version of current Linux. */
    static List<Map<String, Object>> oldHost() {
        return List.of(
                ev("GuestBeginInit", "gvers", LINUX, "id", INIT_ID),
                ev("HostRcvBegin", "hvers", List.of(V20, V42), "multi", true, "disks", List.of(0), "dvds", List.of(),
                        "st", "success"),
                ev("GuestRcvInitComplete", "st", "success"),
                ev("HostRcvVersion", "v", V62, "st", "mismatch"),
                ev("GuestRcvInitComplete", "st", "mismatch"),
                ev("HostRcvVersion", "v", V60, "st", "mismatch"),
                ev("GuestRcvInitComplete", "st", "mismatch"),
                ev("HostRcvVersion", "v", V51, "st", "mismatch"),
                ev("GuestRcvInitComplete", "st", "mismatch"));
    }

    @Test
    void shouldAcceptTheSampleSessions() {
        TraceVerdict v = validator.validate(List.of(ovmmSession(false), oldHost()));
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(2, a.traces());
        assertEquals(32 + 9, a.events());
    }

    @Test
    void shouldRejectAStrayCompletionAcceptedByTheGuest() {
        // hazards.md #11 (b): id 0 is not outstanding, the guest must drop it
        TraceVerdict v = validator.validate(List.of(oldHost(), ovmmSession(true)));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, v, v.toString());
        assertEquals(1, r.traceIndex());
        assertEquals(29, r.eventIndex());
    }

    @Test
    void shouldRejectAGuestThatDoesNotQueryItsNewestVersionFirst() {
        List<Map<String, Object>> t = new ArrayList<>(ovmmInit().subList(0, 3));
        t.add(ev("HostRcvVersion", "v", V60, "st", "success"));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, validator.validate(List.of(t)));
        assertEquals(3, r.eventIndex());
    }

    @Test
    void shouldRejectIoToALunWhoseProbeAnsweredInvalidLun() {
        List<Map<String, Object>> t = ovmmInit();
        t.addAll(List.of(
                ev("GuestProbe", "id", 1, "lun", 1),
                ev("HostRcvSrb", "id", 1, "lun", 1, "srb", "invalidLun", "st", "success"),
                ev("GuestRcvSrbComplete", "id", 1, "srb", "invalidLun", "ok", true),
                ev("GuestIssueIo", "id", 1, "lun", 1)));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, validator.validate(List.of(t)));
        assertEquals(17, r.eventIndex());
    }

    /** LUN 0 probed present, then hot-removed while a command of class cdb is in flight, answered srb. */
    static List<Map<String, Object>> removedDuring(String cdb, String srb) {
        List<Map<String, Object>> t = ovmmInit();
        t.addAll(List.of(
                ev("GuestProbe", "id", 1, "lun", 0),
                ev("HostRcvSrb", "id", 1, "lun", 0, "srb", "success", "st", "success"),
                ev("GuestRcvSrbComplete", "id", 1, "srb", "success", "ok", true),
                ev("GuestIssueIo", "id", 1, "lun", 0, "cdb", cdb),
                ev("HostHotRemove", "lun", 0, "id", 0),
                ev("HostRcvSrb", "id", 1, "lun", 0, "srb", srb, "st", "success"),
                ev("GuestRcvNotification", "op", "remove", "id", 0),
                ev("GuestRcvSrbComplete", "id", 1, "srb", srb, "ok", true)));
        return t;
    }

    @Test
    void shouldAcceptIdentificationCommandsAnsweredWithoutInvalidLunAtARemovedLun() {
        // §3.7: REPORT LUNS / the standard INQUIRY answer GOOD at an absent LUN, a VPD INQUIRY CHECK CONDITION
        TraceVerdict v = validator.validate(List.of(removedDuring("ident", "success"),
                removedDuring("ident", "error"), removedDuring("io", "invalidLun")));
        assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
    }

    @Test
    void shouldRejectIoAnsweredWithoutInvalidLunAtARemovedLun() {
        for (List<Object> c : List.<List<Object>>of(List.of("io", "success"), List.of("ident", "invalidLun"))) {
            List<Map<String, Object>> t = removedDuring((String) c.get(0), (String) c.get(1));
            if (c.get(0).equals("io")) {
                t.get(17).remove("cdb"); // an event without cdb is io
            }
            TraceVerdict v = validator.validate(List.of(t));
            TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, v, c + ": " + v);
            assertEquals(19, r.eventIndex(), c.toString());
        }
    }

    @Test
    void shouldRejectMalformedEventsBeforeRunningTlc() {
        assertThrows(IllegalArgumentException.class, () -> validator.validate(List.of(List.of(
                ev("GuestBeginInit", "gvers", List.of("6.2"), "id", INIT_ID)))));
        assertThrows(IllegalArgumentException.class, () -> validator.validate(List.of(List.of(
                ev("HostRcvSrb", "id", 1, "lun", 0, "srb", 0x30, "st", "success")))));
        assertTrue(TraceModuleWriter.renderStorvsc("M", List.of(oldHost()))
                .contains("gvers |-> <<1538, 1536, 1281>>"));
    }
}
