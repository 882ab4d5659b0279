package org.hvref.benchmarks.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders storage measurements as two Markdown tables: every contender's rate, then for every hvref measurement
 * (contender, depth, pattern) its ratio to each {@code qemu-img bench} AIO engine at the same depth, and to the
 * hvref {@code disk} floor of the same pattern at depth 1 (the floor is one thread, so it runs at depth 1 only).
 * qemu-img bench only has the stride pattern, so both hvref patterns are divided by its stride rate.
 *
 * <p>A ratio's error is propagated from the relative errors of its two rates (first-order, assuming independence):
 * {@code r * sqrt((ea/a)^2 + (eb/b)^2)}.
 */
public final class StorageTable {
    private static final List<String> ORDER = List.of(StorageResult.GUEST, StorageResult.DISK);

    private StorageTable() {
    }

    /**
     * Renders the tables.
     *
     * @param results     any number of measurements, in any order
     * @param loadByDepth per queue depth, the share of all CPUs that other processes used while it ran
     * @return Markdown text ending with a newline
     */
    public static String render(List<StorageResult> results, Map<Integer, Double> loadByDepth) {
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
        TreeSet<String> engines = new TreeSet<>(Comparator.reverseOrder());
        sorted.stream().filter(StorageResult::isQemu).forEach(r -> engines.add(r.contender()));
        out.append("| depth | hvref | pattern |");
        engines.forEach(e -> out.append(" ÷ ").append(e).append(" |"));
        out.append(" ÷ hvref disk (depth 1) | CPU used by others |\n|---:|---|---|");
        engines.forEach(e -> out.append("---:|"));
        out.append("---:|---:|\n");
        for (StorageResult r : sorted) {
            if (r.isQemu()) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %d | %s | %s |", r.depth(), r.contender(), r.pattern()));
            for (String engine : engines) {
                out.append(' ').append(ratio(r, find(sorted, engine, "stride", r.depth()))).append(" |");
            }
            StorageResult floor = find(sorted, StorageResult.DISK, r.pattern(), 1);
            Double load = loadByDepth.get(r.depth());
            out.append(' ').append(r.contender().equals(StorageResult.DISK) ? "–" : ratio(r, floor)).append(" | ")
                    .append(load == null || load.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * load))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static StorageResult find(List<StorageResult> results, String contender, String pattern, int depth) {
        for (StorageResult r : results) {
            if (r.contender().equals(contender) && r.pattern().equals(pattern) && r.depth() == depth) {
                return r;
            }
        }
        return null;
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
