package org.hvref.ring;

/** Why a ring's shared contents are corrupt (each is a {@link RingCorruptedException#reason()}). */
public enum RingError {
    /** A loaded index (write_index or read_index) is not in {@code [0, DataSize)}. */
    INDEX_OUT_OF_RANGE,
    /** A loaded index is not a multiple of 8. */
    INDEX_MISALIGNED,
    /** Data is available but less than the smallest packet (descriptor + trailer = 24 bytes). */
    AVAILABLE_TOO_SMALL,
    /** A descriptor's offset8 is below 2 (smaller than the descriptor itself). */
    OFFSET_TOO_SMALL,
    /** A descriptor's len8 is smaller than its offset8. */
    LENGTH_BELOW_OFFSET,
    /** A packet (len8*8 + trailer) is longer than the data the writer has published. */
    PACKET_EXCEEDS_AVAILABLE,
    /** A packet (len8*8 + trailer) is longer than the largest packet the ring can hold (DataSize - 8). */
    PACKET_EXCEEDS_RING,
    /** A packet's trailer does not hold the packet's start offset. */
    TRAILER_MISMATCH,
    /** write_index moved backwards, or forward beyond what the writer may fill (over unread data). */
    WRITE_INDEX_REGRESSED,
    /** read_index moved backwards, or forward beyond the writer's write_index. */
    READ_INDEX_REGRESSED
}
