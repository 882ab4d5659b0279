package org.hvref.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the throughput benchmarks one payload size at a time, so that for each size the three contenders run back
 * to back (JMH alone would run every size of one contender before the next contender): load from other processes
 * on the shared cores then drifts less between the numbers that are compared. Afterwards it prints
 * {@link ThroughputTable} and writes the combined JMH JSON and the table to the files named by the system
 * properties {@value #JSON_FILE_PROPERTY} and {@value #TABLE_FILE_PROPERTY} (both optional).
 *
 * <p>Two busy-polling threads on a two-core machine lose most of their throughput to any third runnable task, so
 * each size's run measures the CPU pressure (Linux PSI: share of the time some task waited for a CPU) it suffered.
 * With {@value #ATTEMPTS_PROPERTY} &gt; 1 a size whose pressure exceeds {@value #MAX_PRESSURE_PROPERTY} is run again
 * and the least disturbed attempt is kept (chosen by pressure, never by score); with {@value #WAIT_IDLE_PROPERTY}
 * &gt; 0 each attempt first waits up to that many seconds for an idle machine. The pressure is printed with the
 * ratios.
 */
public final class ThroughputMain {
    /** System property: where to write the combined JMH results as JSON (optional). */
    public static final String JSON_FILE_PROPERTY = "hvref.jsonFile";

    /** System property: where to write the Markdown table (optional). */
    public static final String TABLE_FILE_PROPERTY = "hvref.tableFile";

    /** System property: runs per payload size at most (default 1). */
    public static final String ATTEMPTS_PROPERTY = "hvref.attempts";

    /** System property: CPU pressure, as a fraction, under which an attempt is kept at once (default 0.05). */
    public static final String MAX_PRESSURE_PROPERTY = "hvref.maxPressure";

    /** System property: seconds to wait for an idle machine before each attempt (default 0). */
    public static final String WAIT_IDLE_PROPERTY = "hvref.waitIdleSeconds";

    /** Busy fraction of all CPUs under which the machine counts as idle. */
    private static final double IDLE_BUSY = 0.10;

    /** The payload sizes run when {@code -p payloadLength=...} is not given; the same as the {@code @Param}s. */
    static final List<String> DEFAULT_PAYLOAD_LENGTHS = List.of("64", "256", "1500", "4096");

    private static final String PAYLOAD_LENGTH = "payloadLength";

    private ThroughputMain() {
    }

    /**
     * Entry point.
     *
     * @param args JMH command-line options (for example {@code -f 1 -wi 3 -i 5 -w 1s -r 1s Benchmark.throughput})
     *             without {@code -rf} / {@code -rff}
     * @throws CommandLineOptionException if JMH rejects the options
     * @throws RunnerException            if a benchmark fails
     * @throws IOException                if a result file cannot be written
     * @throws InterruptedException       if interrupted while waiting for an idle machine
     */
    public static void main(String[] args)
            throws CommandLineOptionException, RunnerException, IOException, InterruptedException {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.getResult().hasValue() || options.getResultFormat().hasValue()) {
            throw new IllegalArgumentException("result file options: -rf/-rff (expected: none; use -D"
                    + JSON_FILE_PROPERTY + "=FILE, the runs per payload size would overwrite each other)");
        }
        Collection<String> payloadLengths = options.getParameter(PAYLOAD_LENGTH).orElse(DEFAULT_PAYLOAD_LENGTHS);
        int attempts = Integer.getInteger(ATTEMPTS_PROPERTY, 1);
        double maxPressure = Double.parseDouble(System.getProperty(MAX_PRESSURE_PROPERTY, "0.05"));
        Duration waitIdle = Duration.ofSeconds(Integer.getInteger(WAIT_IDLE_PROPERTY, 0));

        List<RunResult> results = new ArrayList<>();
        Map<Integer, Double> pressureBySize = new TreeMap<>();
        for (String payloadLength : payloadLengths) {
            Collection<RunResult> kept = null;
            double keptPressure = Double.NaN;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                if (!waitIdle.isZero()) {
                    boolean idle = HostLoad.awaitIdle(IDLE_BUSY, waitIdle);
                    log(payloadLength, attempt, idle ? "machine idle" : "machine still busy after " + waitIdle);
                }
                OptionalLong before = HostLoad.cpuPressureMicros();
                long start = System.nanoTime();
                Collection<RunResult> run = new Runner(new OptionsBuilder().parent(options)
                        .param(PAYLOAD_LENGTH, payloadLength).build()).run();
                long wallMicros = (System.nanoTime() - start) / 1000;
                OptionalLong after = HostLoad.cpuPressureMicros();
                double pressure = before.isPresent() && after.isPresent() && wallMicros > 0
                        ? (double) (after.getAsLong() - before.getAsLong()) / wallMicros : Double.NaN;
                log(payloadLength, attempt, String.format(Locale.ROOT, "CPU pressure %.1f%%", 100 * pressure));
                if (kept == null || pressure < keptPressure) {
                    kept = run;
                    keptPressure = pressure;
                }
                if (Double.isNaN(pressure) || pressure <= maxPressure) {
                    break;
                }
            }
            results.addAll(kept);
            pressureBySize.put(Integer.parseInt(payloadLength), keptPressure);
        }

        String jsonFile = System.getProperty(JSON_FILE_PROPERTY);
        if (jsonFile != null) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, jsonFile).writeOut(results);
        }
        List<ContenderResult> contenders = new ArrayList<>();
        for (RunResult result : results) {
            if (result.getSecondaryResults().containsKey(ContenderResult.RECEIVED)) {
                contenders.add(ContenderResult.of(result));
            }
        }
        String table = ThroughputTable.render(contenders, pressureBySize);
        System.out.println();
        System.out.print(table);
        String tableFile = System.getProperty(TABLE_FILE_PROPERTY);
        if (tableFile != null) {
            Files.writeString(Path.of(tableFile), table, StandardCharsets.UTF_8);
        }
    }

    private static void log(String payloadLength, int attempt, String message) {
        System.out.printf("# hvref: payloadLength=%s attempt %d: %s%n", payloadLength, attempt, message);
    }
}
