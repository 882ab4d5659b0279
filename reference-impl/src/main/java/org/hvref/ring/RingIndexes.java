package org.hvref.ring;

/** Index arithmetic and validation shared by the writer, the reader and the inspector. */
final class RingIndexes {
    private RingIndexes() {
    }

    /**
     * Validates a loaded index.
     *
     * @throws RingCorruptedException INDEX_OUT_OF_RANGE or INDEX_MISALIGNED
     */
    static int check(String what, int value, int dataSize) {
        if (value < 0 || value >= dataSize) {
            throw new RingCorruptedException(RingError.INDEX_OUT_OF_RANGE, what + ": "
                + Integer.toUnsignedString(value) + " (expected: < " + dataSize + ", multiple of 8)");
        }
        if ((value & (PacketDescriptor.ALIGNMENT - 1)) != 0) {
            throw new RingCorruptedException(RingError.INDEX_MISALIGNED, what + ": " + value
                + " (expected: < " + dataSize + ", multiple of 8)");
        }
        return value;
    }

    /** @return {@code (to - from) mod dataSize} for indexes in {@code [0, dataSize)} */
    static int distance(int from, int to, int dataSize) {
        int d = to - from;
        return d < 0 ? d + dataSize : d;
    }

    /** @return {@code (index + length) mod dataSize} for {@code index < dataSize}, {@code length <= dataSize} */
    static int advance(int index, int length, int dataSize) {
        int next = index + length;
        return next >= dataSize ? next - dataSize : next;
    }
}
