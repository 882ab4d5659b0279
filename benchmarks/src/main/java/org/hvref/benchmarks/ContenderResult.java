package org.hvref.benchmarks;

import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One contender at one payload size: delivered messages per second with its error (half-width of JMH's 99.9%
 * confidence interval; {@code NaN} when there were too few iterations to compute one).
 *
 * <p>Delivered = the slower of the producer's {@code written} and the consumer's {@code received} rates. For a ring
 * the two agree (a ring cannot deliver more than was written, nor accept more than capacity beyond what was read);
 * for the plain copy, whose threads are not coupled, the slower thread is the bound.
 *
 * @param contender     short name: {@code vmbus}, {@code agrona} or {@code copy}
 * @param payloadLength payload bytes per message
 * @param messages      delivered messages per second
 * @param messagesError error of {@code messages}
 */
public record ContenderResult(String contender, int payloadLength, double messages, double messagesError) {

    /** Name of the producer's secondary result ({@link ProducerCounters#written}). */
    static final String WRITTEN = "written";

    /** Name of the consumer's secondary result ({@link ConsumerCounters#received}). */
    static final String RECEIVED = "received";

    /**
     * Extracts the delivered rate of one throughput group.
     *
     * @param result a JMH result of a {@code *Benchmark.throughput} group
     * @return the measurement
     * @throws IllegalArgumentException if the result lacks the producer's or the consumer's counter
     */
    public static ContenderResult of(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        Result<?> written = result.getSecondaryResults().get(WRITTEN);
        Result<?> received = result.getSecondaryResults().get(RECEIVED);
        if (written == null || received == null) {
            throw new IllegalArgumentException("missing counters: benchmark=" + benchmark
                    + " (expected: secondary results " + WRITTEN + " and " + RECEIVED + ")");
        }
        Result<?> slower = written.getScore() < received.getScore() ? written : received;
        return new ContenderResult(contenderOf(benchmark), Integer.parseInt(result.getParams().getParam("payloadLength")),
                slower.getScore(), slower.getScoreError());
    }

    /**
     * Payload bytes per second.
     *
     * @return {@code messages * payloadLength}
     */
    public double bytes() {
        return messages * payloadLength;
    }

    /**
     * Error of {@link #bytes()}.
     *
     * @return {@code messagesError * payloadLength}
     */
    public double bytesError() {
        return messagesError * payloadLength;
    }

    /**
     * Maps a benchmark name to a contender's short name.
     *
     * @param benchmark {@code org.hvref.benchmarks.VmbusRingBenchmark.throughput} and the like
     * @return the class name without {@code RingBenchmark} or {@code Benchmark}, in lower case ({@code vmbus})
     */
    static String contenderOf(String benchmark) {
        String name = benchmark;
        int method = name.lastIndexOf('.');
        if (method > 0) {
            name = name.substring(0, method);
        }
        name = name.substring(name.lastIndexOf('.') + 1);
        name = name.replaceFirst("(Ring)?Benchmark$", "");
        return name.toLowerCase(Locale.ROOT);
    }
}
