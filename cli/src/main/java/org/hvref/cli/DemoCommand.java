package org.hvref.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref demo}: a writer and a reader thread over a shared ring, traced and validated by TLC. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a writer and a reader thread over a shared ring and validate the trace with TLC.")
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CliException("demo: not available yet (expected: the org.hvref.ring API)");
    }
}
