package org.hvref.benchmarks.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The {@code qemu-img bench} side of a storage run, measured like a JMH benchmark: {@code warmups} runs that are
 * discarded, then {@code iterations} runs; each run is one process sending whole passes over the image (see
 * {@link QemuImgBench}), sized so its request loop lasts about {@code seconds}; its rate is requests / reported
 * loop time. Mean and error (99.9% confidence half-width) come from JMH's own statistics.
 *
 * @param bench      the runner
 * @param blocks     4 KiB blocks in the image (one pass)
 * @param warmups    discarded runs (at least 1: the first also sizes the others)
 * @param iterations measured runs
 * @param seconds    target length of one run's request loop
 */
public record QemuBenchPhase(QemuImgBench bench, long blocks, int warmups, int iterations, double seconds) {
    /** Validates the fields. */
    public QemuBenchPhase {
        if (blocks <= 0 || warmups < 1 || iterations < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("qemu-img bench phase: " + blocks + " blocks, " + warmups
                    + " warm-ups, " + iterations + " iterations, " + seconds
                    + " s (expected: blocks > 0, warm-ups >= 1, iterations >= 1, seconds > 0)");
        }
    }

    /**
     * What the phase measured.
     *
     * @param depth    queue depth
     * @param requests requests per measured run
     * @param runs     the measured runs
     * @param result   their mean and error
     */
    public record Outcome(int depth, long requests, List<QemuBenchRun> runs, StorageResult result) {
    }

    /**
     * Runs the phase at one queue depth.
     *
     * @param depth requests in flight ({@code -d})
     * @return the measured runs and their summary (pattern {@code stride})
     * @throws IOException          if a run fails
     * @throws InterruptedException if interrupted
     */
    public Outcome run(int depth) throws IOException, InterruptedException {
        long requests = blocks;
        for (int i = 0; i < warmups; i++) {
            QemuBenchRun warmup = bench.run(requests, depth);
            log(depth, "warm-up " + (i + 1), warmup);
            requests = requestsFor(warmup);
        }
        List<QemuBenchRun> runs = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            QemuBenchRun run = bench.run(requests, depth);
            log(depth, "iteration " + (i + 1), run);
            runs.add(run);
        }
        return new Outcome(depth, requests, List.copyOf(runs), summarize(runs, bench.aio(), depth));
    }

    /**
     * Requests for the next run: whole passes lasting about {@code seconds} at the rate of {@code previous}.
     *
     * @param previous a finished run
     * @return a positive multiple of {@code blocks}
     */
    long requestsFor(QemuBenchRun previous) {
        double rate = previous.seconds() > 0 ? previous.iops() : previous.requests() * 1000.0;
        long passes = Math.max(1, Math.round(rate * seconds / blocks));
        return passes * blocks;
    }

    /**
     * Summarizes runs as a {@link StorageResult} with JMH's mean and 99.9% error.
     *
     * @param runs  measured runs
     * @param aio   their AIO engine
     * @param depth their queue depth
     * @return the summary, contender {@code qemu-img/AIO} ({@code NaN} error for a single run)
     */
    static StorageResult summarize(List<QemuBenchRun> runs, String aio, int depth) {
        ListStatistics stats = new ListStatistics();
        for (QemuBenchRun run : runs) {
            stats.addValue(run.iops());
        }
        return new StorageResult(StorageResult.QEMU + "/" + aio, "stride", depth, stats.getMean(),
                stats.getN() > 1 ? stats.getMeanErrorAt(0.999) : Double.NaN);
    }

    private void log(int depth, String what, QemuBenchRun run) {
        System.out.printf("# hvref: qemu-img bench -i %s -d %d %s: %d requests in %.3f s = %.0f IOPS%n", bench.aio(),
                depth, what,
                run.requests(), run.seconds(), run.seconds() > 0 ? run.iops() : Double.NaN);
    }
}
