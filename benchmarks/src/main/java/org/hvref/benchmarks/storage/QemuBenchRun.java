package org.hvref.benchmarks.storage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code qemu-img bench} process reported: its request pattern (echoed on its first line) and the time
 * of its request loop ("Run completed in X seconds."), which excludes process start-up and opening the image.
 *
 * @param requests   requests sent ({@code -c})
 * @param bufferSize bytes per request ({@code -s})
 * @param depth      requests in flight ({@code -d})
 * @param offset     first offset ({@code -o})
 * @param step       distance between consecutive requests' offsets ({@code -S}), taken modulo the image size
 * @param write      whether the requests were writes ({@code -w})
 * @param seconds    wall time of the request loop
 */
public record QemuBenchRun(long requests, long bufferSize, int depth, long offset, long step, boolean write,
                           double seconds) {
    private static final Pattern HEADER = Pattern.compile(
            "Sending (\\d+) (read|write) requests, (\\d+) bytes each, (\\d+) in parallel"
                    + " \\(starting at offset (\\d+), step size (\\d+)\\)");
    private static final Pattern COMPLETED = Pattern.compile("Run completed in ([0-9]+(?:\\.[0-9]+)?) seconds\\.");

    /** Validates the fields. */
    public QemuBenchRun {
        if (requests <= 0 || bufferSize <= 0 || depth <= 0 || offset < 0 || step < 0) {
            throw new IllegalArgumentException("qemu-img bench run: requests " + requests + ", buffer " + bufferSize
                    + ", depth " + depth + ", offset " + offset + ", step " + step
                    + " (expected: positive counts, non-negative offset and step)");
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("qemu-img bench run: " + seconds + " seconds (expected: >= 0)");
        }
    }

    /**
     * Parses the standard output of {@code qemu-img bench} (qemu-utils 7.2: a "Sending ..." line, then
     * "Run completed in X seconds."; other lines are ignored).
     *
     * @param output the process's standard output
     * @return the run
     * @throws IllegalArgumentException if either line is missing
     */
    public static QemuBenchRun parse(String output) {
        Matcher header = HEADER.matcher(output);
        if (!header.find()) {
            throw new IllegalArgumentException("qemu-img bench output: no \"Sending N read|write requests, S bytes"
                    + " each, D in parallel (starting at offset O, step size T)\" line in: " + abbreviate(output));
        }
        Matcher completed = COMPLETED.matcher(output);
        if (!completed.find()) {
            throw new IllegalArgumentException("qemu-img bench output: no \"Run completed in X seconds.\" line in: "
                    + abbreviate(output));
        }
        return new QemuBenchRun(Long.parseLong(header.group(1)), Long.parseLong(header.group(3)),
                Integer.parseInt(header.group(4)), Long.parseLong(header.group(5)), Long.parseLong(header.group(6)),
                header.group(2).equals("write"), Double.parseDouble(completed.group(1)));
    }

    /**
     * Requests per second.
     *
     * @return {@code requests / seconds}
     * @throws IllegalStateException if qemu reported 0 seconds (too few requests to time: raise {@code -c})
     */
    public double iops() {
        if (seconds == 0) {
            throw new IllegalStateException("qemu-img bench: " + requests + " requests in 0.000 s"
                    + " (expected: a measurable time; raise the request count)");
        }
        return requests / seconds;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', '|');
        return oneLine.length() <= 300 ? "\"" + oneLine + "\"" : "\"" + oneLine.substring(0, 300) + "...\"";
    }
}
