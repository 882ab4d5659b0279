package org.hvref.benchmarks.storage;

import java.util.Locale;
import org.openjdk.jmh.results.RunResult;

/**
 * One contender's 4 KiB read rate at one queue depth and offset pattern, with its error (half-width of the 99.9%
 * confidence interval over its iterations, as JMH computes it; {@code NaN} with too few iterations).
 *
 * @param contender  {@code disk} (hvref DiskImage, no VMBus), {@code guest} (hvref guest StorVSC through the
 *                   machine) or {@code qemu-img/AIO} ({@code qemu-img bench -i AIO})
 * @param pattern    {@code random} or {@code stride} (see {@link ReadPattern})
 * @param depth      requests in flight
 * @param iops       reads per second
 * @param iopsError  error of {@code iops}
 */
public record StorageResult(String contender, String pattern, int depth, double iops, double iopsError) {
    /** Contender name of {@link DiskImageReadBenchmark}. */
    public static final String DISK = "disk";

    /** Contender name of the guest StorVSC benchmark. */
    public static final String GUEST = "guest";

    /** Contender name of {@code qemu-img bench}, followed by {@code /} and its AIO engine. */
    public static final String QEMU = "qemu-img";

    /** Validates the fields. */
    public StorageResult {
        if (depth <= 0) {
            throw new IllegalArgumentException("storage result: depth " + depth + " (expected: > 0)");
        }
    }

    /**
     * Converts a JMH result of a storage benchmark (ops/s of 4 KiB reads).
     *
     * @param result a JMH result of {@code DiskImageReadBenchmark.read} or a guest benchmark; its {@code depth}
     *               parameter is the queue depth (1 when it has none)
     * @return the measurement
     */
    public static StorageResult of(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        String depth = result.getParams().getParam("depth");
        String pattern = result.getParams().getParam("pattern");
        return new StorageResult(contenderOf(benchmark), pattern == null ? "random" : pattern,
                depth == null ? 1 : Integer.parseInt(depth), result.getPrimaryResult().getScore(),
                result.getPrimaryResult().getScoreError());
    }

    /**
     * Maps a benchmark name to a contender.
     *
     * @param benchmark e.g. {@code org.hvref.benchmarks.storage.DiskImageReadBenchmark.read}
     * @return {@link #DISK} for {@code DiskImage*}, {@link #GUEST} for {@code Storvsc*}, else the class name
     */
    static String contenderOf(String benchmark) {
        String name = benchmark;
        int method = name.lastIndexOf('.');
        if (method > 0) {
            name = name.substring(0, method);
        }
        name = name.substring(name.lastIndexOf('.') + 1);
        if (name.startsWith("DiskImage")) {
            return DISK;
        }
        if (name.startsWith("Storvsc")) {
            return GUEST;
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** @return whether this is a {@code qemu-img bench} measurement */
    public boolean isQemu() {
        return contender.startsWith(QEMU + "/");
    }

    /**
     * Bytes read per second.
     *
     * @return {@code iops * 4096}
     */
    public double bytes() {
        return iops * ReadPattern.BLOCK;
    }
}
