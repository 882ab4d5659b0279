package org.hvref.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.TraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.TraceEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref demo}: a writer and a reader thread over a shared ring, traced and validated by TLC. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a writer and a reader thread over a shared ring and validate the trace with TLC.")
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--packets", paramLabel = "N", defaultValue = "1000",
            description = "packets to pass (default: ${DEFAULT-VALUE})")
    int packets;

    @CommandLine.Option(names = "--max-payload", paramLabel = "BYTES", defaultValue = "1500",
            description = "largest payload; sizes are drawn from 8..BYTES (default: ${DEFAULT-VALUE})")
    int maxPayload;

    @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the payload sizes (default: ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "deadline of the two threads; a lost wake-up shows as a stall (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (packets < 1 || packets > 100_000) {
            throw new CliException("packets: " + packets + " (expected: 1..100000)");
        }
        int limit = DemoRun.maxPayloadFor(DemoRun.dataSize());
        if (maxPayload < 8 || maxPayload > limit) {
            throw new CliException("max payload: " + maxPayload + " (expected: 8.." + limit + " for a "
                    + DemoRun.dataSize() + "-byte ring)");
        }
        if (timeoutSeconds < 1) {
            throw new CliException("timeout: " + timeoutSeconds + " (expected: >= 1 second)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("demo: writer and reader threads, %d packets of 8..%d payload bytes (seed %d), ring of %d data "
                + "bytes on scattered guest pages%n", packets, maxPayload, seed, DemoRun.dataSize());
        out.flush();
        DemoRun.Report r = new DemoRun(packets, maxPayload, seed, Duration.ofSeconds(timeoutSeconds)).run();
        out.printf("  packets   %d received of %d, in order and intact: %s%n", r.packets(), packets,
                r.failure() == null ? "yes" : "NO");
        out.printf("  bytes     %d payload, %d ring bytes (with descriptors, padding, trailers)%n",
                r.payloadBytes(), r.ringBytes());
        out.printf("  signals   writer->reader %d, reader->writer %d%n", r.readerSignals(), r.writerSignals());
        out.printf("  writer    %d times full, %d sleeps on pending_send_sz%n", r.writerFull(), r.writerSleeps());
        out.printf("  reader    %d wake-ups, %d batches%n", r.readerWakes(), r.batches());
        out.printf("  time      %d ms, %d trace events%n", r.elapsed().toMillis(), r.events().size());
        if (r.failure() != null) {
            out.println("  FAILED    " + r.failure());
        }
        out.printf("  TLC       validating %d events against ring/TraceVmbusRing.tla ...%n", r.events().size());
        out.flush();
        long start = System.nanoTime();
        TraceVerdict verdict = validate(r);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (verdict instanceof TraceVerdict.Accepted accepted) {
            out.printf("  TLC       accepted: every event is a step of VmbusRing (%d distinct states, %d TLC run(s),"
                    + " %.1f s)%n", accepted.distinctStates(), accepted.tlcRuns(), millis / 1000.0);
        } else if (verdict instanceof TraceVerdict.Rejected rejected) {
            out.printf("  TLC       REJECTED (%.1f s): %s%n", millis / 1000.0, rejected.message());
        }
        boolean passed = r.failure() == null && verdict.accepted();
        out.println(passed ? "demo: passed" : "demo: FAILED");
        out.flush();
        return passed ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Checks the recorded events with TLC (one trace of the demo ring's data size, feature bit set). */
    private static TraceVerdict validate(DemoRun.Report r) {
        List<Map<String, Object>> trace = r.events().stream().map(TraceEvent::toRecord).toList();
        try (SpecFiles files = SpecFiles.materialize()) {
            return new TraceValidator(TlcRunner.usingClasspath(), files)
                    .validate(List.of(trace), List.of(r.dataSize()), List.of(DemoRun.FEAT_PENDING_SEND));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("trace validation: " + e.getMessage(), e);
        }
    }
}
