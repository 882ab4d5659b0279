package org.hvref.benchmarks;

/** Shared sizes and payload contents, so every contender moves the same bytes through memory of the same size. */
public final class Payloads {
    /** Ring data capacity in bytes: a power of two for Agrona and a multiple of 4096 for VMBus. */
    public static final String DEFAULT_CAPACITY = "262144";

    /**
     * Most messages one consumer call takes from either ring; below 256 so that the VMBus reader's
     * {@link org.hvref.ring.BatchResult} comes from its cache and nothing is allocated.
     */
    public static final int BATCH_LIMIT = 255;

    /** Alignment of direct buffers: one cache line. */
    public static final int CACHE_LINE = 64;

    /** Length of {@link #spacer()}: two cache lines (the adjacent-line prefetcher pairs lines). */
    private static final int SPACER_LENGTH = 2 * CACHE_LINE;

    private Payloads() {
    }

    /**
     * A deterministic payload with no zero run, so a consumer that drops or shifts bytes is caught by the smoke test.
     *
     * @param length payload length in bytes
     * @return a fresh array of {@code length} bytes
     */
    public static byte[] pattern(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (31 * i + 7);
        }
        return payload;
    }

    /**
     * An array to allocate (and keep referenced) between the objects one thread writes and those another thread
     * writes or reads, so that consecutive heap allocation does not put them on the same cache line.
     *
     * @return a fresh array of two cache lines
     */
    public static byte[] spacer() {
        return new byte[SPACER_LENGTH];
    }

    /**
     * Rounds up to a multiple of 8, the record alignment of both rings.
     *
     * @param length a non-negative length in bytes
     * @return {@code length} rounded up to a multiple of 8
     */
    public static int align8(int length) {
        return (length + 7) & ~7;
    }
}
