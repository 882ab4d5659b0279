package org.hvref.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hvref.spec.trace.TraceModuleWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlcRunnerTest {

    private final TlcRunner runner = TlcRunner.usingClasspath();

    @Test
    void shouldStreamMessagesAndReturnTheCounterexample() {
        List<TlcMessage> seen = new CopyOnWriteArrayList<>();
        try (SpecFiles files = SpecFiles.materialize()) {
            TlcResult r = runner.run(files.root(), "ring/MCVmbusRing", "ring/MCVmbusRing_copybuf_bug.cfg",
                    List.of(), Duration.ofMinutes(2), seen::add);
            assertEquals(TlcVerdict.INVARIANT, r.verdict(), r.outputTail(20));
            assertEquals(12, r.exitCode());
            assertEquals("ReadIndexOnPacketBoundaryInv", r.violated());
            assertEquals("ReaderRead", r.counterexample().last().action());
            assertTrue(seen.stream().anyMatch(m -> m.code() == TlcMessage.INVARIANT_VIOLATED));
            assertTrue(seen.stream().anyMatch(m -> m.code() == TlcMessage.FINISHED));
        }
    }

    @Test
    void shouldReportAParseErrorAsAnError(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("manifest.json"), "[]");
        Files.writeString(tmp.resolve("Broken.tla"), "---- MODULE Broken ----\nVARIABLE x\nInit == x = \n====\n");
        Files.writeString(tmp.resolve("Broken.cfg"), "INIT Init\nNEXT Init\n");
        TlcResult r = runner.run(tmp, "Broken", "Broken.cfg");
        assertEquals(TlcVerdict.ERROR, r.verdict());
        assertEquals(150, r.exitCode());
        assertTrue(r.counterexample().isEmpty());
    }

    @Test
    void shouldKillARunThatExceedsItsTimeout() {
        try (SpecFiles files = SpecFiles.materialize()) {
            TlcResult r = runner.run(files.root(), "ring/MCVmbusRing", "ring/MCVmbusRing.cfg", List.of(),
                    Duration.ofMillis(300), null);
            assertEquals(TlcVerdict.TIMEOUT, r.verdict());
            assertEquals(-1, r.exitCode());
        }
    }

    @Test
    void shouldPassExtraOptionsSuchAsDeadlockWhichTurnsTheTraceVerdictOff(@TempDir Path tmp) {
        try (SpecFiles files = SpecFiles.materialize()) {
            files.copyTo(tmp);
        }
        // a trace whose reader reads a packet that was never published: stuck at event 2
        TraceModuleWriter.write(tmp.resolve("ring"), TraceModuleWriter.LOG_MODULE,
                List.of(List.of(Map.of("e", "WriterCopy", "pkt", 1, "len", 24, "ri", 0),
                        Map.of("e", "ReaderRead", "wi", 24, "pkt", 1, "len", 24))),
                List.of(64), List.of(true));
        TlcResult checked = runner.run(tmp, "ring/TraceVmbusRing", "ring/TraceVmbusRing.cfg");
        assertEquals(TlcVerdict.DEADLOCK, checked.verdict(), checked.outputTail(20));
        assertEquals("2", checked.counterexample().last().value("l"));
        // TLC's -deadlock switches deadlock checking OFF: the stuck trace would then pass unnoticed
        TlcResult unchecked = runner.run(tmp, "ring/TraceVmbusRing", "ring/TraceVmbusRing.cfg",
                List.of("-deadlock"), Duration.ofMinutes(2), null);
        assertEquals(TlcVerdict.PASS, unchecked.verdict(), unchecked.outputTail(20));
    }
}
