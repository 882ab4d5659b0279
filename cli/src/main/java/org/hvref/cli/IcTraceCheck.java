package org.hvref.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.FileCopyTraceValidator;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;

/**
 * Validates the IC traces of a run with TLC and prints the verdicts as the demo does: the IcNegotiation traces (one
 * per channel) against {@code ic/TraceIcNegotiation.tla}, the FileCopy traces against {@code ic/TraceFileCopy.tla}.
 */
final class IcTraceCheck {
    private IcTraceCheck() {
    }

    /**
     * @param out    where the lines go
     * @param files  the materialized spec tree
     * @param traces IcNegotiation traces, one per channel
     * @return whether TLC accepted every trace
     */
    static boolean icNegotiation(PrintWriter out, SpecFiles files, List<List<Map<String, Object>>> traces) {
        out.printf("  TLC       validating %d IcNegotiation events (%d channel trace(s)) against %s.tla ...%n",
                events(traces), traces.size(), IcTraceValidator.SPEC);
        out.flush();
        long start = System.nanoTime();
        TraceVerdict verdict;
        try {
            verdict = new IcTraceValidator(TlcRunner.usingClasspath(), files).validate(traces);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("IcNegotiation trace validation: " + e.getMessage(), e);
        }
        DemoCommand.printVerdict(out, verdict, "IcNegotiation", millisSince(start));
        return verdict.accepted();
    }

    /**
     * @param out           where the lines go
     * @param files         the materialized spec tree
     * @param traces        FileCopy traces, one per copy channel
     * @param targetExisted per trace, whether the target file existed before it
     * @return whether TLC accepted every trace
     */
    static boolean fileCopy(PrintWriter out, SpecFiles files, List<List<Map<String, Object>>> traces,
                            List<Boolean> targetExisted) {
        out.printf("  TLC       validating %d FileCopy events against %s.tla ...%n", events(traces),
                FileCopyTraceValidator.SPEC);
        out.flush();
        long start = System.nanoTime();
        TraceVerdict verdict;
        try {
            verdict = new FileCopyTraceValidator(TlcRunner.usingClasspath(), files).validate(traces, targetExisted);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("FileCopy trace validation: " + e.getMessage(), e);
        }
        DemoCommand.printVerdict(out, verdict, "FileCopy", millisSince(start));
        return verdict.accepted();
    }

    private static int events(List<List<Map<String, Object>>> traces) {
        return traces.stream().mapToInt(List::size).sum();
    }

    private static long millisSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
