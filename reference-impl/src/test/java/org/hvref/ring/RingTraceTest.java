package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecAction;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** The exact event sequences of spec/src/tla/ring/CONTRACT.md for small scenarios. */
class RingTraceTest {

    private static List<String> names(List<TraceEvent> events) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            out.add(e.toString());
        }
        return out;
    }

    @Test
    void shouldEmitContractEventsForWriteMaskedWriteDrainAndUnmask() {
        RingLayout r = TestRings.ring(4096, true);
        RecordingTracer t = new RecordingTracer();
        RingWriter w = new RingWriter(r, t);
        RingReader rd = new RingReader(r, t);
        RingDoorbell readerBell = new RingDoorbell();

        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 1, new byte[8], 0, 8));
        readerBell.raise();
        assertTrue(rd.beginRead(readerBell));
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 2, new byte[0], 0, 0));
        assertEquals(BatchResult.of(2, false), rd.readBatch(10, p -> { }));
        assertFalse(rd.endRead());

        assertEquals(List.of(
            "WriterCopy[pkt=1, len=32, ri=0]",
            "WriterPublish[wi=32]",
            "WriterReadMask[mask=0]",
            "WriterDecideSignal[ri=0, sig=true]",
            "ReaderWake[mask=1]",
            "WriterCopy[pkt=2, len=24, ri=0]",
            "WriterPublish[wi=56]",
            "WriterReadMask[mask=1]",
            "WriterDecideSignal[ri=0, sig=false]",
            "ReaderRead[wi=56, pkt=1, len=32]",
            "ReaderRead[wi=56, pkt=2, len=24]",
            "ReaderCommit[ri=56]",
            "ReaderReadPending[pend=0]",
            "ReaderDecidePendingSignal[wi=56, sig=false]",
            "ReaderUnmask[mask=0]",
            "ReaderRecheck[wi=56, mask=0]"), names(t.events()));
        assertEquals("[e |-> \"WriterCopy\", pkt |-> 1, len |-> 32, ri |-> 0]", t.events().get(0).toTla());
    }

    @Test
    void shouldEmitContractEventsForFullPendingWakeAndWrap() {
        RingLayout r = TestRings.ring(64, true);
        RecordingTracer t = new RecordingTracer();
        RingWriter w = new RingWriter(r, t);
        RingReader rd = new RingReader(r, t);
        RingDoorbell writerBell = new RingDoorbell();

        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        t.clear();
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertFalse(w.requestSpace(32));
        BatchResult b = rd.readBatch(4, p -> { });
        assertTrue(b.signalWriter());
        writerBell.raise();
        assertTrue(w.wake(writerBell));
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));

        assertEquals(List.of(
            "WriterFull[len=32, ri=0]",
            "WriterSetPending[pend=32]",
            "WriterRecheck[ri=0, pend=32]",
            "ReaderRead[wi=32, pkt=1, len=32]",
            "ReaderCommit[ri=32]",
            "ReaderReadPending[pend=32]",
            "ReaderDecidePendingSignal[wi=32, sig=true]",
            "WriterWake[pend=0]",
            "WriterCopy[pkt=2, len=32, ri=32]",
            "WriterPublish[wi=0]",
            "WriterReadMask[mask=0]",
            "WriterDecideSignal[ri=32, sig=true]"), names(t.events()));
    }

    @Test
    void shouldEmitRecheckThatFindsDataAndSuccessfulRecheckOfSpace() {
        RingLayout r = TestRings.ring(64, true);
        RecordingTracer t = new RecordingTracer();
        RingWriter w = new RingWriter(r, t);
        RingReader rd = new RingReader(r, t);
        RingDoorbell readerBell = new RingDoorbell();
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        readerBell.raise();
        rd.beginRead(readerBell);
        rd.readBatch(4, p -> { });
        t.clear();
        assertTrue(w.requestSpace(32));             // the reader freed space meanwhile
        w.tryWrite(6, 0, 2, new byte[8], 0, 8);
        assertTrue(rd.endRead());                   // data arrived while masked
        rd.readBatch(4, p -> { });
        assertFalse(rd.endRead());
        assertEquals(List.of(
            "WriterSetPending[pend=32]",
            "WriterRecheck[ri=32, pend=0]",
            "WriterCopy[pkt=2, len=32, ri=32]",
            "WriterPublish[wi=0]",
            "WriterReadMask[mask=1]",
            "WriterDecideSignal[ri=32, sig=false]",
            "ReaderUnmask[mask=0]",
            "ReaderRecheck[wi=0, mask=1]",
            "ReaderRead[wi=0, pkt=2, len=32]",
            "ReaderCommit[ri=0]",
            "ReaderReadPending[pend=0]",
            "ReaderDecidePendingSignal[wi=0, sig=false]",
            "ReaderUnmask[mask=0]",
            "ReaderRecheck[wi=0, mask=0]"), names(t.events()));
    }

    @Test
    void shouldSkipPendingSendEventsWithoutTheFeatureBit() {
        RingLayout r = TestRings.ring(4096, false);
        RecordingTracer t = new RecordingTracer();
        RingWriter w = new RingWriter(r, t);
        RingReader rd = new RingReader(r, t);
        RingDoorbell readerBell = new RingDoorbell();
        w.tryWrite(6, 0, 1, new byte[0], 0, 0);
        readerBell.raise();
        rd.beginRead(readerBell);
        rd.readBatch(4, p -> { });
        assertFalse(rd.endRead());
        assertEquals(List.of(
            "WriterCopy[pkt=1, len=24, ri=0]",
            "WriterPublish[wi=24]",
            "WriterReadMask[mask=0]",
            "WriterDecideSignal[ri=0, sig=true]",
            "ReaderWake[mask=1]",
            "ReaderRead[wi=24, pkt=1, len=24]",
            "ReaderCommit[ri=24]",
            "ReaderUnmask[mask=0]",
            "ReaderRecheck[wi=24, mask=0]"), names(t.events()));
    }

    @Test
    void shouldNotLogAnEmptyRead() {
        RingLayout r = TestRings.ring(4096, true);
        RecordingTracer t = new RecordingTracer();
        RingReader rd = new RingReader(r, t);
        assertEquals(BatchResult.EMPTY, rd.readBatch(4, p -> { }));
        assertFalse(rd.beginRead(new RingDoorbell()));
        assertTrue(t.events().isEmpty());
    }

    @Test
    void shouldAnnotateEveryContractActionAndFence() {
        Set<String> ring = new TreeSet<>();
        Set<String> tso = new TreeSet<>();
        for (Class<?> c : List.of(RingWriter.class, RingReader.class)) {
            for (Method m : c.getDeclaredMethods()) {
                for (SpecAction a : m.getAnnotationsByType(SpecAction.class)) {
                    (a.spec().equals(RingActions.SPEC) ? ring : tso).add(a.value());
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("ReaderCommit", "ReaderDecidePendingSignal", "ReaderRead",
            "ReaderReadPending", "ReaderRecheck", "ReaderUnmask", "ReaderWake", "WriterCopy",
            "WriterDecideSignal", "WriterFull", "WriterPublish", "WriterReadMask", "WriterRecheck",
            "WriterSetPending", "WriterWake")), ring);
        assertEquals(new TreeSet<>(List.of("ReaderFence", "ReaderPendingFence", "WriterFence",
            "WriterPendingFence")), tso);
    }

    /** Each doorbell raised inside its deciding step: exactly once per decided signal, never on a FALSE decision. */
    private static void raiseDoorbellsScenario(org.hvref.trace.SpecTracer t) {
        RingLayout r = TestRings.ring(64, true);
        RingWriter w = new RingWriter(r, t);
        RingReader rd = new RingReader(r, t);
        RingDoorbell readerBell = new RingDoorbell();
        RingDoorbell writerBell = new RingDoorbell();
        w.raiseOnSignal(readerBell);
        rd.raiseOnSignal(writerBell);

        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 1, new byte[8], 0, 8));
        assertEquals(1, readerBell.raiseCount(), "WriterDecideSignal sig=true raised sigR");
        assertTrue(rd.beginRead(readerBell));
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertFalse(w.requestSpace(32));
        assertEquals(0, writerBell.raiseCount());
        BatchResult b = rd.readBatch(4, p -> { });
        assertTrue(b.signalWriter());
        assertEquals(1, writerBell.raiseCount(), "ReaderDecidePendingSignal sig=true raised sigW");
        assertTrue(w.wake(writerBell));
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 2, new byte[8], 0, 8)); // masked: no signal
        assertEquals(1, readerBell.raiseCount(), "no raise for sig=false");
        assertFalse(readerBell.isRaised());
    }

    @Test
    void shouldRaiseTheDoorbellsOnlyInsideDecidingStepsTracedAndUntraced() {
        raiseDoorbellsScenario(new RecordingTracer());
        raiseDoorbellsScenario(org.hvref.trace.SpecTracer.OFF);
    }
}
