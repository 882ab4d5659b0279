package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hvref.spec.SpecFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    /** A small must-fail config (46 distinct states, about 2 s). */
    private static final String SMALL = "MCVmbusRing_signal_always_bug";

    @Test
    void shouldMatchTheManifestAndPrintTheCounterexampleAsNumberedStates() {
        CliRun run = CliRun.of("check", SMALL);
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertTrue(run.out().contains("[1/1] ring/" + SMALL + ".cfg: expect invariant"), run::toString);
        assertTrue(run.out().contains("  OK      invariant SignalOnlyOnEmptyToNonEmptyInv (46 distinct states"),
                run::toString);
        assertTrue(run.out().contains("    1: <Initial predicate>"), run::toString);
        assertTrue(run.out().contains("    2: WriterCopy"), run::toString);
        assertTrue(run.out().contains("check: all 1 config(s) match the manifest"), run::toString);
    }

    @Test
    void shouldExit1WhenTheStateCountDrifts(@TempDir Path tmp) throws IOException {
        try (SpecFiles files = SpecFiles.materialize()) {
            files.copyTo(tmp);
        }
        Path manifest = tmp.resolve(SpecFiles.MANIFEST);
        String text = Files.readString(manifest);
        String drifted = text.replace("\"SignalOnlyOnEmptyToNonEmptyInv\", \"distinctStates\": 46",
                "\"SignalOnlyOnEmptyToNonEmptyInv\", \"distinctStates\": 47");
        assertTrue(!drifted.equals(text), "the manifest entry of " + SMALL + " was found and changed");
        Files.writeString(manifest, drifted);

        String previous = System.setProperty(SpecFiles.SPEC_DIR_PROPERTY, tmp.toString());
        try {
            CliRun run = CliRun.of("check", SMALL);
            assertEquals(ExitCodes.FAILED, run.status(), run::toString);
            assertTrue(run.out().contains("  DRIFTED invariant SignalOnlyOnEmptyToNonEmptyInv (46 distinct states"),
                    run::toString);
            assertTrue(run.out().contains("distinct states: 46 (expected: 47)"), run::toString);
            assertTrue(run.out().contains("check: 1 of 1 config(s) drifted from the manifest: ring/" + SMALL
                    + ".cfg"), run::toString);
        } finally {
            if (previous == null) {
                System.clearProperty(SpecFiles.SPEC_DIR_PROPERTY);
            } else {
                System.setProperty(SpecFiles.SPEC_DIR_PROPERTY, previous);
            }
        }
    }

    @Test
    void shouldRejectASpecThatMatchesNothing() {
        CliRun run = CliRun.of("check", "NoSuchSpec");
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertTrue(run.err().startsWith("hvref: spec: NoSuchSpec (expected: part of a spec or cfg path of"),
                run::toString);
    }
}
