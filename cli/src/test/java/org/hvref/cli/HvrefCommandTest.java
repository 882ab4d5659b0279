package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HvrefCommandTest {

    @Test
    void shouldPrintVersion() {
        CliRun run = CliRun.of("--version");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertTrue(run.out().startsWith("hvref "), run::toString);
    }

    @Test
    void shouldRejectMissingCommandWithUsageError() {
        CliRun run = CliRun.of();
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertTrue(run.err().contains("missing command (expected: check, ring, demo, vectors, copy, disk)"),
                run::toString);
    }

    @Test
    void shouldRejectUnknownCommandWithUsageError() {
        CliRun run = CliRun.of("frobnicate");
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertTrue(run.err().contains("frobnicate"), run::toString);
    }

    @Test
    void shouldListEveryCommandInHelp() {
        CliRun run = CliRun.of("--help");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        for (String command : new String[] {"check", "ring", "demo", "vectors", "copy", "disk"}) {
            assertTrue(run.out().contains(command), () -> command + " missing from help:\n" + run);
        }
    }
}
