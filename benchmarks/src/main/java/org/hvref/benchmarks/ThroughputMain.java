package org.hvref.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 */
public final class ThroughputMain {
    /** System property: where to write the combined JMH results as JSON (optional). */
    public static final String JSON_FILE_PROPERTY = "hvref.jsonFile";

    /** System property: where to write the Markdown table (optional). */
    public static final String TABLE_FILE_PROPERTY = "hvref.tableFile";

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
     */
    public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.getResult().hasValue() || options.getResultFormat().hasValue()) {
            throw new IllegalArgumentException("result file options: -rf/-rff (expected: none; use -D"
                    + JSON_FILE_PROPERTY + "=FILE, the runs per payload size would overwrite each other)");
        }
        Collection<String> payloadLengths = options.getParameter(PAYLOAD_LENGTH).orElse(DEFAULT_PAYLOAD_LENGTHS);

        List<RunResult> results = new ArrayList<>();
        for (String payloadLength : payloadLengths) {
            results.addAll(new Runner(new OptionsBuilder().parent(options).param(PAYLOAD_LENGTH, payloadLength)
                    .build()).run());
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
        String table = ThroughputTable.render(contenders);
        System.out.println();
        System.out.print(table);
        String tableFile = System.getProperty(TABLE_FILE_PROPERTY);
        if (tableFile != null) {
            Files.writeString(Path.of(tableFile), table, StandardCharsets.UTF_8);
        }
    }
}
