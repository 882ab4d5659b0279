package org.hvref.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What else is running on this machine (Linux {@code /proc}), since two busy-polling threads on a two-core machine
 * lose most of their throughput to any third runnable task. Elsewhere every method reports "unknown".
 */
public final class HostLoad {
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path CPU_PRESSURE = Path.of("/proc/pressure/cpu");
    private static final Path SELF_STAT = Path.of("/proc/self/stat");

    /**
     * CPU time counters at one instant, in clock ticks.
     *
     * @param busy  all CPUs' busy time (not idle, not waiting for I/O) since boot
     * @param total all CPUs' time since boot
     * @param own   this process's user and system time plus that of its children it has waited for
     */
    public record CpuSample(long busy, long total, long own) {
    }

    private HostLoad() {
    }

    /**
     * Total time, in microseconds since boot, during which some runnable task waited for a CPU (PSI "some").
     *
     * @return the counter, or empty if the kernel does not report it
     */
    public static OptionalLong cpuPressureMicros() {
        try {
            for (String line : Files.readAllLines(CPU_PRESSURE)) {
                if (line.startsWith("some ")) {
                    for (String field : line.split(" ")) {
                        if (field.startsWith("total=")) {
                            return OptionalLong.of(Long.parseLong(field.substring("total=".length())));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * Fraction of all CPUs' time that was busy (not idle, not waiting for I/O) during {@code window}.
     *
     * @param window how long to sample
     * @return the fraction in [0, 1], or empty if {@code /proc/stat} cannot be read
     * @throws InterruptedException if interrupted while sampling
     */
    public static OptionalDouble busyFraction(Duration window) throws InterruptedException {
        long[] before = cpuTicks();
        Thread.sleep(window.toMillis());
        long[] after = cpuTicks();
        if (before.length == 0 || after.length == 0) {
            return OptionalDouble.empty();
        }
        long total = after[0] - before[0];
        long idle = after[1] - before[1];
        return total <= 0 ? OptionalDouble.empty() : OptionalDouble.of(1.0 - (double) idle / total);
    }

    /**
     * Waits until the machine has been nearly idle (busy below {@code maxBusy}) for two consecutive 5-second
     * windows, or until {@code maxWait} has passed.
     *
     * @param maxBusy busy fraction under which the machine counts as idle
     * @param maxWait longest wait
     * @return whether the machine was found idle (always {@code false} if it cannot be measured)
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitIdle(double maxBusy, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        int quiet = 0;
        while (System.nanoTime() - deadline < 0) {
            OptionalDouble busy = busyFraction(Duration.ofSeconds(5));
            if (busy.isEmpty()) {
                return false;
            }
            quiet = busy.getAsDouble() < maxBusy ? quiet + 1 : 0;
            if (quiet >= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a {@link CpuSample}.
     *
     * @return the sample, or empty if {@code /proc} cannot be read
     */
    public static Optional<CpuSample> sample() {
        long[] ticks = cpuTicks();
        try {
            String stat = Files.readString(SELF_STAT);
            // fields after the ")" that ends the command name: state is field 3, utime..cstime are fields 14..17
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks.length == 0 ? Optional.empty()
                    : Optional.of(new CpuSample(ticks[0] - ticks[1], ticks[0], own));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The share of all CPUs' time between two samples that went to other processes than this one and its waited-for
     * children (a benchmark's own threads, however many, do not count, unlike in CPU pressure).
     *
     * @param before the earlier sample
     * @param after  the later sample
     * @return the share in [0, 1], or empty if a sample is missing or no time passed
     */
    public static OptionalDouble othersShare(Optional<CpuSample> before, Optional<CpuSample> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return OptionalDouble.empty();
        }
        long total = after.get().total() - before.get().total();
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        long others = (after.get().busy() - before.get().busy()) - (after.get().own() - before.get().own());
        return OptionalDouble.of(Math.min(1.0, Math.max(0.0, (double) others / total)));
    }

    /** @return {total, idle + iowait} jiffies of the {@code cpu} line, or an empty array */
    private static long[] cpuTicks() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            String[] f = lines.get(0).trim().split("\\s+");
            if (!f[0].equals("cpu")) {
                return new long[0];
            }
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }
}
