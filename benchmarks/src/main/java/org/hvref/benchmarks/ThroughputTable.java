package org.hvref.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders measurements as two Markdown tables: the rates of every contender, then per payload size the ratios
 * VMBus/Agrona and VMBus/copy (and Agrona/copy for context).
 *
 * <p>A ratio's error is propagated from the relative errors of its two rates (first-order, assuming independence):
 * {@code r * sqrt((ea/a)^2 + (eb/b)^2)}.
 */
public final class ThroughputTable {
    private static final List<String> ORDER = List.of("vmbus", "agrona", "copy");

    private ThroughputTable() {
    }

    /**
     * Renders the tables without CPU pressure.
     *
     * @param measurements any number of measurements, in any order
     * @return Markdown text ending with a newline
     */
    public static String render(List<ContenderResult> measurements) {
        return render(measurements, Map.of());
    }

    /**
     * Renders the tables.
     *
     * @param measurements   any number of measurements, in any order
     * @param pressureBySize per payload size, the share of time some task waited for a CPU while it ran
     * @return Markdown text ending with a newline
     */
    public static String render(List<ContenderResult> measurements, Map<Integer, Double> pressureBySize) {
        List<ContenderResult> sorted = new ArrayList<>(measurements);
        sorted.sort(Comparator.comparingInt(ContenderResult::payloadLength)
                .thenComparingInt(m -> rank(m.contender())).thenComparing(ContenderResult::contender));
        StringBuilder out = new StringBuilder();
        out.append("| payload (B) | contender | messages/s | MB/s (payload) |\n");
        out.append("|---:|---|---:|---:|\n");
        for (ContenderResult m : sorted) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", m.payloadLength(), m.contender(),
                    withError(m.messages() / 1e6, m.messagesError() / 1e6, "M"),
                    withError(m.bytes() / 1e6, m.bytesError() / 1e6, "")));
        }
        out.append('\n');
        out.append("| payload (B) | VMBus/Agrona | VMBus/copy | Agrona/copy | CPU pressure |\n");
        out.append("|---:|---:|---:|---:|---:|\n");
        Map<Integer, Map<String, ContenderResult>> bySize = new TreeMap<>();
        for (ContenderResult m : sorted) {
            bySize.computeIfAbsent(m.payloadLength(), k -> new TreeMap<>()).put(m.contender(), m);
        }
        for (Map.Entry<Integer, Map<String, ContenderResult>> size : bySize.entrySet()) {
            Map<String, ContenderResult> row = size.getValue();
            Double pressure = pressureBySize.get(size.getKey());
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", size.getKey(),
                    ratio(row, "vmbus", "agrona"), ratio(row, "vmbus", "copy"), ratio(row, "agrona", "copy"),
                    pressure == null || pressure.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * pressure)));
        }
        return out.toString();
    }

    private static int rank(String contender) {
        int rank = ORDER.indexOf(contender);
        return rank < 0 ? ORDER.size() : rank;
    }

    private static String ratio(Map<String, ContenderResult> row, String numerator, String denominator) {
        Optional<ContenderResult> a = Optional.ofNullable(row.get(numerator));
        Optional<ContenderResult> b = Optional.ofNullable(row.get(denominator));
        if (a.isEmpty() || b.isEmpty() || b.get().messages() == 0) {
            return "–";
        }
        double x = a.get().messages();
        double y = b.get().messages();
        double r = x / y;
        double error = r * Math.sqrt(square(a.get().messagesError() / x) + square(b.get().messagesError() / y));
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
