package org.hvref.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingTracerTest {

    @Test
    void shouldKeepEventsAndFieldsInOrder() {
        RecordingTracer t = new RecordingTracer();
        t.record("WriterCopy", "pkt", 1L, "len", 32, "ri", 0);
        t.record("WriterDecideSignal", "ri", 0, "sig", true);
        List<TraceEvent> events = t.events();
        assertEquals("[WriterCopy[pkt=1, len=32, ri=0], WriterDecideSignal[ri=0, sig=true]]", events.toString());
        assertEquals(List.of("pkt", "len", "ri"), List.copyOf(events.get(0).fields().keySet()));
        assertEquals(32, events.get(0).getLong("len"));
    }

    @Test
    void shouldRenderTlaRecords() {
        TraceEvent e = new TraceEvent("WriterDecideSignal", Map.of("sig", false));
        assertEquals("[e |-> \"WriterDecideSignal\", sig |-> FALSE]", e.toTla());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("wi", 56);
        f.put("pkt", 2L);
        f.put("note", "a\"b");
        assertEquals("[e |-> \"ReaderRead\", wi |-> 56, pkt |-> 2, note |-> \"a\\\"b\"]",
            new TraceEvent("ReaderRead", f).toTla());
    }

    @Test
    void shouldCopyFieldsAndRejectNulls() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("a", 1);
        TraceEvent e = new TraceEvent("X", f);
        f.put("b", 2);
        assertEquals(1, e.fields().size());
        assertThrows(UnsupportedOperationException.class, () -> e.fields().put("c", 3));
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("a", null);
        assertThrows(NullPointerException.class, () -> new TraceEvent("X", bad));
        assertThrows(IllegalArgumentException.class, () -> e.getLong("missing"));
    }

    @Test
    void shouldDrainAndClear() {
        RecordingTracer t = new RecordingTracer();
        assertTrue(t.enabled());
        t.record("A");
        t.record("B", "x", 1);
        assertEquals(2, t.drain().size());
        assertEquals(0, t.size());
        t.record("C");
        t.clear();
        assertTrue(t.events().isEmpty());
    }

    @Test
    void shouldRecordNothingWhenOff() {
        assertFalse(SpecTracer.OFF.enabled());
        SpecTracer.OFF.record("A", "x", 1);
        assertEquals("SpecTracer.OFF", SpecTracer.OFF.toString());
    }

    @Test
    void shouldOrderEventsOfManyThreadsTotally() throws Exception {
        RecordingTracer t = new RecordingTracer();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            final int id = i;
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 1000; k++) {
                    synchronized (t.lock()) {
                        t.record("Step", "thread", id, "k", k);
                    }
                }
            });
            threads[i].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        List<TraceEvent> events = t.events();
        assertEquals(4000, events.size());
        int[] next = new int[4];
        for (TraceEvent e : events) {
            int id = (int) e.getLong("thread");
            assertEquals(next[id]++, e.getLong("k"));
        }
    }
}
