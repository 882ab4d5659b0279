package org.hvref.benchmarks;

/** Shared sizes and payload contents, so every contender moves the same bytes through memory of the same size. */
public final class Payloads {
    /** Ring data capacity in bytes: a power of two for Agrona and a multiple of 4096 for VMBus. */
    public static final String DEFAULT_CAPACITY = "262144";

    /** Alignment of direct buffers: one cache line. */
    public static final int CACHE_LINE = 64;

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
     * Rounds up to a multiple of 8, the record alignment of both rings.
     *
     * @param length a non-negative length in bytes
     * @return {@code length} rounded up to a multiple of 8
     */
    public static int align8(int length) {
        return (length + 7) & ~7;
    }
}
