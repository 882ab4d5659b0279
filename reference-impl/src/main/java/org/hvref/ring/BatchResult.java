package org.hvref.ring;

/**
 * Outcome of {@link RingReader#readBatch}: how many packets were read and whether the caller must signal the
 * writer (a blocked writer's pending_send_sz went from "not enough" to "enough" free space). Instances for small
 * counts are cached, so typical batches allocate nothing.
 *
 * @param packets      packets read and committed in this batch
 * @param signalWriter whether the caller must raise the writer's {@link RingDoorbell}
 */
public record BatchResult(int packets, boolean signalWriter) {
    /** Nothing was read. */
    public static final BatchResult EMPTY = new BatchResult(0, false);

    private static final int CACHED = 256;
    private static final BatchResult[] NO_SIGNAL = new BatchResult[CACHED];
    private static final BatchResult[] SIGNAL = new BatchResult[CACHED];

    static {
        NO_SIGNAL[0] = EMPTY;
        SIGNAL[0] = new BatchResult(0, true);
        for (int i = 1; i < CACHED; i++) {
            NO_SIGNAL[i] = new BatchResult(i, false);
            SIGNAL[i] = new BatchResult(i, true);
        }
    }

    /** Validates the count. */
    public BatchResult {
        if (packets < 0) {
            throw new IllegalArgumentException("packets: " + packets + " (expected: >= 0)");
        }
    }

    /**
     * A result, cached for counts below 256.
     *
     * @param packets      packets read
     * @param signalWriter whether to signal the writer
     * @return the result
     */
    public static BatchResult of(int packets, boolean signalWriter) {
        if (packets >= 0 && packets < CACHED) {
            return signalWriter ? SIGNAL[packets] : NO_SIGNAL[packets];
        }
        return new BatchResult(packets, signalWriter);
    }
}
