package org.hvref.ic.filecopy;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link FileCopyProgressListener} that reports large copies as lines such as
 * {@code "copied 2097152 / 8388608 bytes (25%)"}: one line whenever the percentage has advanced by at least the step
 * since the last line, and one for the end; files below the size threshold are not reported. Not thread-safe (the
 * host service calls it from one channel).
 */
public final class FileCopyProgressPrinter implements FileCopyProgressListener {
    private final Consumer<String> sink;
    private final int stepPercent;
    private final long minTotalBytes;
    private int lastPercent = -1;

    /**
     * Creates the printer.
     *
     * @param sink          receives each line
     * @param stepPercent   smallest advance between two lines, 1..100
     * @param minTotalBytes files smaller than this are not reported
     */
    public FileCopyProgressPrinter(Consumer<String> sink, int stepPercent, long minTotalBytes) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (stepPercent < 1 || stepPercent > 100) {
            throw new IllegalArgumentException("stepPercent: " + stepPercent + " (expected: 1..100)");
        }
        if (minTotalBytes < 0) {
            throw new IllegalArgumentException("minTotalBytes: " + minTotalBytes + " (expected: >= 0)");
        }
        this.stepPercent = stepPercent;
        this.minTotalBytes = minTotalBytes;
    }

    /**
     * A printer writing lines to a stream.
     *
     * @param out           the stream (e.g. {@code System.err})
     * @param stepPercent   smallest advance between two lines, 1..100
     * @param minTotalBytes files smaller than this are not reported
     * @return the printer
     */
    public static FileCopyProgressPrinter to(PrintStream out, int stepPercent, long minTotalBytes) {
        Objects.requireNonNull(out, "out");
        return new FileCopyProgressPrinter(out::println, stepPercent, minTotalBytes);
    }

    @Override
    public void onProgress(long acknowledged, long total) {
        if (total < minTotalBytes || total <= 0) {
            return;
        }
        int percent = (int) Math.min(100, Math.max(0, (acknowledged * 100.0) / total));
        boolean end = acknowledged >= total;
        int base = Math.max(0, lastPercent);
        if (end ? percent == lastPercent : percent - base < stepPercent) {
            return;
        }
        lastPercent = percent;
        sink.accept(line(acknowledged, total));
    }

    /**
     * Formats one progress line.
     *
     * @param acknowledged bytes acknowledged
     * @param total        bytes in the file (&gt; 0)
     * @return {@code "copied A / T bytes (P%)"}
     */
    public static String line(long acknowledged, long total) {
        return "copied " + acknowledged + " / " + total + " bytes (" + (int) ((acknowledged * 100.0) / total) + "%)";
    }
}
