package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void shouldPassEveryPacketAndHaveTheTraceAcceptedByTlc() {
        CliRun run = CliRun.of("demo");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertTrue(run.out().contains("packets   1000 received of 1000, in order and intact: yes"), run::toString);
        assertTrue(run.out().contains("TLC       accepted"), run::toString);
        assertTrue(run.out().endsWith("demo: passed\n"), run::toString);
    }

    @Test
    void shouldRejectAMaxPayloadLargerThanTheRingCarries() {
        CliRun run = CliRun.of("demo", "--max-payload", "20000");
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertEquals("hvref: max payload: 20000 (expected: 8..12256 for a 12288-byte ring)\n", run.err());
    }

    @Test
    void shouldExerciseBothSignalDirectionsAndTheFullRing() throws InterruptedException {
        DemoRun.Report r = new DemoRun(300, 1500, 7, java.time.Duration.ofSeconds(60)).run();
        assertEquals(null, r.failure());
        assertEquals(300, r.packets());
        assertTrue(r.readerSignals() > 0, () -> "writer -> reader signals: " + r);
        assertTrue(r.writerFull() > 0 && r.writerSleeps() > 0 && r.writerSignals() > 0,
                () -> "full ring, pending_send_sz sleep and wake-up: " + r);
        assertTrue(r.events().stream().anyMatch(e -> e.action().equals("WriterWake")), "a WriterWake event");
    }

    @Test
    void shouldPutTheActionNameFirstInEachEventMap() {
        assertEquals(org.hvref.spec.trace.TraceModuleWriter.EVENT, TraceEvent.ACTION_KEY);
        Map<String, Object> map = new TraceEvent("WriterPublish", Map.of("wi", 24)).toRecord();
        assertEquals(List.of("e", "wi"), List.copyOf(map.keySet()));
        assertEquals("WriterPublish", map.get("e"));
    }
}
