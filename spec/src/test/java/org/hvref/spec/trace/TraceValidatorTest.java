package org.hvref.spec.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceValidatorTest {

    private static SpecFiles files;
    private static TraceValidator validator;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        validator = new TraceValidator(TlcRunner.usingClasspath(), files);
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** An event: name, then field/value pairs. */
    static Map<String, Object> ev(String name, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", name);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    /** One packet written, signalled, read, committed; reader back to idle (data size 64, feature bit set). */
    static List<Map<String, Object>> onePacket() {
        return List.of(
                ev("WriterCopy", "pkt", 1, "len", 24, "ri", 0),
                ev("WriterPublish", "wi", 24),
                ev("WriterReadMask", "mask", 0),
                ev("WriterDecideSignal", "ri", 0, "sig", true),
                ev("ReaderWake", "mask", 1),
                ev("ReaderRead", "wi", 24, "pkt", 1, "len", 24),
                ev("ReaderCommit", "ri", 24),
                ev("ReaderReadPending", "pend", 0),
                ev("ReaderDecidePendingSignal", "wi", 24, "sig", false),
                ev("ReaderUnmask", "mask", 0),
                ev("ReaderRecheck", "wi", 24, "mask", 0));
    }

    /** Ring full, pending_send_sz, crossing signal from the reader, wrap-around, a batch of two (data size 64). */
    static List<Map<String, Object>> fullAndPending() {
        return List.of(
                ev("WriterCopy", "pkt", 1, "len", 32, "ri", 0),
                ev("WriterPublish", "wi", 32),
                ev("WriterReadMask", "mask", 0),
                ev("WriterDecideSignal", "ri", 0, "sig", true),
                ev("WriterCopy", "pkt", 2, "len", 24, "ri", 0),
                ev("WriterPublish", "wi", 56),
                ev("WriterReadMask", "mask", 0),
                ev("WriterDecideSignal", "ri", 0, "sig", false),
                ev("WriterFull", "len", 24, "ri", 0),
                ev("WriterSetPending", "pend", 24),
                ev("WriterRecheck", "ri", 0, "pend", 24),
                ev("ReaderWake", "mask", 1),
                ev("ReaderRead", "wi", 56, "pkt", 1, "len", 32),
                ev("ReaderCommit", "ri", 32),
                ev("ReaderReadPending", "pend", 24),
                ev("ReaderDecidePendingSignal", "wi", 56, "sig", true),
                ev("WriterWake", "pend", 0),
                ev("WriterCopy", "pkt", 3, "len", 24, "ri", 32),
                ev("WriterPublish", "wi", 16),
                ev("WriterReadMask", "mask", 1),
                ev("WriterDecideSignal", "ri", 32, "sig", false),
                ev("ReaderRead", "wi", 16, "pkt", 2, "len", 24),
                ev("ReaderRead", "wi", 16, "pkt", 3, "len", 24),
                ev("ReaderCommit", "ri", 16),
                ev("ReaderReadPending", "pend", 0),
                ev("ReaderDecidePendingSignal", "wi", 16, "sig", false),
                ev("ReaderUnmask", "mask", 0),
                ev("ReaderRecheck", "wi", 16, "mask", 0));
    }

    /** Feature bit clear, 4 KiB region, a 1000-byte packet, the re-check after unmask finds data. */
    static List<Map<String, Object>> recheckFindsData() {
        return List.of(
                ev("WriterCopy", "pkt", 1, "len", 1000, "ri", 0),
                ev("WriterPublish", "wi", 1000),
                ev("WriterReadMask", "mask", 0),
                ev("WriterDecideSignal", "ri", 0, "sig", true),
                ev("ReaderWake", "mask", 1),
                ev("ReaderRead", "wi", 1000, "pkt", 1, "len", 1000),
                ev("ReaderCommit", "ri", 1000),
                ev("ReaderUnmask", "mask", 0),
                ev("WriterCopy", "pkt", 2, "len", 64, "ri", 1000),
                ev("WriterPublish", "wi", 1064),
                ev("ReaderRecheck", "wi", 1064, "mask", 1),
                ev("WriterReadMask", "mask", 1),
                ev("WriterDecideSignal", "ri", 1000, "sig", false),
                ev("ReaderRead", "wi", 1064, "pkt", 2, "len", 64),
                ev("ReaderCommit", "ri", 1064),
                ev("ReaderUnmask", "mask", 0),
                ev("ReaderRecheck", "wi", 1064, "mask", 0));
    }

    /** {@code cycles} rounds of write one packet / wake / read it / go idle, wrapping around the region. */
    static List<Map<String, Object>> cycles(int dataSize, int len, int cycles, boolean feat) {
        List<Map<String, Object>> t = new ArrayList<>();
        int index = 0;
        for (int k = 1; k <= cycles; k++) {
            int next = (index + len) % dataSize;
            t.add(ev("WriterCopy", "pkt", k, "len", len, "ri", index));
            t.add(ev("WriterPublish", "wi", next));
            t.add(ev("WriterReadMask", "mask", 0));
            t.add(ev("WriterDecideSignal", "ri", index, "sig", true));
            t.add(ev("ReaderWake", "mask", 1));
            t.add(ev("ReaderRead", "wi", next, "pkt", k, "len", len));
            t.add(ev("ReaderCommit", "ri", next));
            if (feat) {
                t.add(ev("ReaderReadPending", "pend", 0));
                t.add(ev("ReaderDecidePendingSignal", "wi", next, "sig", false));
            }
            t.add(ev("ReaderUnmask", "mask", 0));
            t.add(ev("ReaderRecheck", "wi", next, "mask", 0));
            index = next;
        }
        return t;
    }

    static List<Map<String, Object>> with(List<Map<String, Object>> trace, int index, Map<String, Object> event) {
        List<Map<String, Object>> copy = new ArrayList<>(trace);
        copy.set(index, event);
        return copy;
    }

    @Test
    void shouldAcceptGoodTracesOfDifferentSizesAndFeatureBits() {
        TraceVerdict v = validator.validate(List.of(onePacket(), fullAndPending(), recheckFindsData()),
                List.of(64, 64, 4096), List.of(true, true, false));
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
        assertEquals(3, a.traces());
        assertEquals(56, a.events());
        assertEquals(59, a.distinctStates(), "one state per event plus one initial state per trace");
        assertEquals(1, a.tlcRuns());
    }

    @Test
    void shouldRejectAWrongDecisionAtItsEventIndex() {
        // the reader's crossing signal (event 16 of the trace) reported as "no signal"
        List<Map<String, Object>> bad = with(fullAndPending(), 15,
                ev("ReaderDecidePendingSignal", "wi", 56, "sig", false));
        TraceVerdict v = validator.validate(List.of(onePacket(), bad), List.of(64, 64), List.of(true, true));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, v, v.toString());
        assertEquals(1, r.traceIndex());
        assertEquals(15, r.eventIndex());
        assertEquals(bad.get(15), r.event());
        assertEquals("2", r.state().get("t"));
        assertEquals("16", r.state().get("l"));
        assertEquals("\"decidepend\"", r.state().get("rpc"));
        assertTrue(r.message().startsWith("trace 2 event 16: {e=ReaderDecidePendingSignal"), r.message());
    }

    @Test
    void shouldRejectAReadOfAPacketThatIsNotPublished() {
        List<Map<String, Object>> bad = List.of(
                ev("WriterCopy", "pkt", 1, "len", 24, "ri", 0),
                ev("ReaderRead", "wi", 24, "pkt", 1, "len", 24));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class,
                validator.validate(List.of(bad), List.of(64), List.of(true)));
        assertEquals(0, r.traceIndex());
        assertEquals(1, r.eventIndex());
    }

    @Test
    void shouldRejectStaleLoadsWrongStoresAndUnknownFields() {
        List<List<Map<String, Object>>> bad = List.of(
                // the writer's load of read_index must return the current value (0), not 8
                with(onePacket(), 0, ev("WriterCopy", "pkt", 1, "len", 24, "ri", 8)),
                // a packet of a length that does not fit while one slot stays free (64 - 8 < 64)
                with(onePacket(), 0, ev("WriterCopy", "pkt", 1, "len", 64, "ri", 0)),
                // packets are numbered 1, 2, ...
                with(onePacket(), 0, ev("WriterCopy", "pkt", 2, "len", 24, "ri", 0)),
                // publish must store old wi + len
                with(onePacket(), 1, ev("WriterPublish", "wi", 32)),
                // an unaligned length
                with(onePacket(), 0, ev("WriterCopy", "pkt", 1, "len", 28, "ri", 0)),
                // a field the contract does not have
                with(onePacket(), 2, ev("WriterReadMask", "mask", 0, "extra", 1)),
                // an action the contract does not have
                with(onePacket(), 9, ev("ReaderUnmaskTwice", "mask", 0)));
        for (int i = 0; i < bad.size(); i++) {
            TraceVerdict v = validator.validate(List.of(bad.get(i)), List.of(64), List.of(true));
            TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, v, "case " + i + ": " + v);
            int expectedEvent = List.of(0, 0, 0, 1, 0, 2, 9).get(i);
            assertEquals(expectedEvent, r.eventIndex(), "case " + i + ": " + r.message());
        }
    }

    @Test
    void shouldRejectPendingSignallingWhenTheFeatureBitIsClear() {
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class,
                validator.validate(List.of(onePacket()), List.of(64), List.of(false)));
        assertEquals(7, r.eventIndex(), r.message());
    }

    @Test
    void shouldSplitLargeBatchesAndReportGlobalIndexes() {
        TraceValidator small = new TraceValidator(TlcRunner.usingClasspath(), files, 3000, Duration.ofMinutes(2));
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            traces.add(cycles(i % 2 == 0 ? 64 : 4096, 24 + 8 * (i % 4), 100, i % 3 != 0));
        }
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> feats = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sizes.add(i % 2 == 0 ? 64 : 4096);
            feats.add(i % 3 != 0);
        }
        assertEquals(List.of(List.of(0, 2), List.of(2, 4), List.of(4, 6), List.of(6, 8)),
                small.chunks(traces).stream().map(c -> List.of(c[0], c[1])).toList());
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class,
                small.validate(traces, sizes, feats));
        assertEquals(4, a.tlcRuns());
        assertEquals(TraceModuleWriter.eventCount(traces) + 8, a.distinctStates());

        Map<String, Object> wrong = new LinkedHashMap<>(traces.get(2).get(498));
        wrong.put("ri", ((Integer) wrong.get("ri")) + 8);
        traces.set(2, with(traces.get(2), 498, wrong));
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, small.validate(traces, sizes, feats));
        assertEquals(2, r.traceIndex(), "in the second module");
        assertEquals(498, r.eventIndex(), "a WriterDecideSignal: " + r.event());
        assertEquals(wrong, r.event());
    }

    @Test
    void shouldAcceptEmptyInput() {
        TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class,
                validator.validate(List.of(), List.of(), List.of()));
        assertEquals(0, a.tlcRuns());
        TraceVerdict.Accepted empty = assertInstanceOf(TraceVerdict.Accepted.class,
                validator.validate(List.of(Collections.<Map<String, Object>>emptyList()), List.of(64), List.of(true)));
        assertEquals(1, empty.distinctStates());
    }

    @Test
    void shouldRefuseMalformedInputBeforeRunningTlc() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> validator.validate(
                List.of(with(onePacket(), 3, ev("WriterDecideSignal", "ri", 0, "sig", 1))), List.of(64),
                List.of(true)));
        assertEquals("trace 1 event 4 field sig: 1 of type Integer (expected: a boolean)", type.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> validator.validate(List.of(onePacket()), List.of(60), List.of(true)));
        assertEquals("data size of trace 1: 60 (expected: a multiple of 8, >= 32)", size.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> validator.validate(List.of(onePacket()), List.of(64, 64), List.of(true)));
        assertTrue(count.getMessage().startsWith("trace constants: 2 data sizes and 1 feature bits"),
                count.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> validator.validate(List.of(with(onePacket(), 1, ev("WriterPublish", "wi", -8))),
                        List.of(64), List.of(true)));
        assertEquals("trace 1 event 2 field wi: -8 (expected: 0 to 2147483647)", negative.getMessage());
    }
}
