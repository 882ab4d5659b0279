package org.hvref.benchmarks.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders storage measurements as two Markdown tables: every contender's rate, then per queue depth and hvref
 * offset pattern the ratios guest/qemu-img, disk/qemu-img and guest/disk. qemu-img bench only has the stride
 * pattern, so both hvref patterns are divided by its stride rate at the same depth; the hvref {@code disk} floor
 * runs at depth 1 only, and its depth-1 rate is used for guest/disk at every depth (the floor bounds one thread).
 *
 * <p>A ratio's error is propagated from the relative errors of its two rates (first-order, assuming independence):
 * {@code r * sqrt((ea/a)^2 + (eb/b)^2)}.
 */
public final class StorageTable {
    private static final List<String> ORDER = List.of(StorageResult.GUEST, StorageResult.DISK, StorageResult.QEMU);

    private StorageTable() {
    }

    /**
     * Renders the tables.
     *
     * @param results         any number of measurements, in any order
     * @param pressureByDepth per queue depth, the share of time some task waited for a CPU while it ran
     * @return Markdown text ending with a newline
     */
    public static String render(List<StorageResult> results, Map<Integer, Double> pressureByDepth) {
        List<StorageResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(StorageResult::depth)
                .thenComparingInt(r -> rank(r.contender())).thenComparing(StorageResult::contender)
                .thenComparing(StorageResult::pattern));
        StringBuilder out = new StringBuilder();
        out.append("| depth | contender | pattern | 4 KiB reads/s | MB/s |\n");
        out.append("|---:|---|---|---:|---:|\n");
        for (StorageResult r : sorted) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", r.depth(), r.contender(),
                    r.pattern(), withError(r.iops() / 1e3, r.iopsError() / 1e3, "k"),
                    withError(r.bytes() / 1e6, r.iopsError() * ReadPattern.BLOCK / 1e6, "")));
        }
        out.append('\n');
        out.append("| depth | hvref pattern | guest/qemu-img | disk/qemu-img | guest/disk | CPU pressure |\n");
        out.append("|---:|---|---:|---:|---:|---:|\n");
        Map<Integer, Map<String, StorageResult>> byDepth = new TreeMap<>();
        for (StorageResult r : sorted) {
            byDepth.computeIfAbsent(r.depth(), k -> new TreeMap<>()).put(r.contender() + "/" + r.pattern(), r);
        }
        Map<String, StorageResult> depthOne = byDepth.getOrDefault(1, Map.of());
        for (Map.Entry<Integer, Map<String, StorageResult>> depth : byDepth.entrySet()) {
            Map<String, StorageResult> row = depth.getValue();
            StorageResult qemu = row.get(StorageResult.QEMU + "/stride");
            Double pressure = pressureByDepth.get(depth.getKey());
            for (String pattern : List.of("random", "stride")) {
                StorageResult guest = row.get(StorageResult.GUEST + "/" + pattern);
                StorageResult disk = Optional.ofNullable(row.get(StorageResult.DISK + "/" + pattern))
                        .orElse(depthOne.get(StorageResult.DISK + "/" + pattern));
                StorageResult diskHere = row.get(StorageResult.DISK + "/" + pattern);
                if (guest == null && diskHere == null) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", depth.getKey(), pattern,
                        ratio(guest, qemu), ratio(diskHere, qemu), ratio(guest, disk),
                        pressure == null || pressure.isNaN() ? "–"
                                : String.format(Locale.ROOT, "%.1f%%", 100 * pressure)));
            }
        }
        return out.toString();
    }

    private static int rank(String contender) {
        int rank = ORDER.indexOf(contender);
        return rank < 0 ? ORDER.size() : rank;
    }

    private static String ratio(StorageResult a, StorageResult b) {
        if (a == null || b == null || b.iops() == 0) {
            return "–";
        }
        double r = a.iops() / b.iops();
        double error = r * Math.sqrt(square(a.iopsError() / a.iops()) + square(b.iopsError() / b.iops()));
        return withError(r, error, "");
    }

    private static double square(double x) {
        return x * x;
    }

    private static String withError(double value, double error, String unit) {
        String precision = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        String text = String.format(Locale.ROOT, precision, value) + unit;
        if (Double.isNaN(error) || Double.isInfinite(error)) {
            return text;
        }
        return text + " ± " + String.format(Locale.ROOT, precision, error) + unit;
    }
}
