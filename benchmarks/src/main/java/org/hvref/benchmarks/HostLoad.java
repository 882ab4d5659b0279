package org.hvref.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What else is running on this machine (Linux {@code /proc}), since two busy-polling threads on a two-core machine
 * lose most of their throughput to any third runnable task. Elsewhere every method reports "unknown".
 */
public final class HostLoad {
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path CPU_PRESSURE = Path.of("/proc/pressure/cpu");

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
