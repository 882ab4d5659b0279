package org.hvref.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with ordinary JMH command-line options, then prints {@link ThroughputTable} for every result that has
 * consumer counters, and writes it to the file named by the system property {@value #TABLE_FILE_PROPERTY} if set.
 */
public final class ThroughputMain {
    /** System property: where to write the Markdown table (optional). */
    public static final String TABLE_FILE_PROPERTY = "hvref.tableFile";

    private ThroughputMain() {
    }

    /**
     * Entry point.
     *
     * @param args JMH command-line options (for example {@code -f 1 -wi 3 -i 5 -w 1s -r 1s Benchmark.throughput})
     * @throws CommandLineOptionException if JMH rejects the options
     * @throws RunnerException            if a benchmark fails
     * @throws IOException                if the table file cannot be written
     */
    public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        List<ContenderResult> measurements = new ArrayList<>();
        for (RunResult result : results) {
            if (result.getSecondaryResults().containsKey(ContenderResult.RECEIVED)) {
                measurements.add(ContenderResult.of(result));
            }
        }
        String table = ThroughputTable.render(measurements);
        System.out.println();
        System.out.print(table);
        String tableFile = System.getProperty(TABLE_FILE_PROPERTY);
        if (tableFile != null) {
            Files.writeString(Path.of(tableFile), table, StandardCharsets.UTF_8);
        }
    }
}
