package org.hvref.ring;

/**
 * Layout of the 16-byte descriptor that starts every packet in a ring, and of the 8-byte trailer after it
 * (vmbus-core.md §7.1, §6.3; LNX-H {@code struct vmpacket_descriptor}, OVMM {@code PacketDescriptor}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             type              |            offset8            | 0
 *  +-------------------------------+-------------------------------+
 *  |             len8              |   flags (bit0 = COMPLETION_   | 4
 *  |                               |          REQUESTED)           |
 *  +-------------------------------+-------------------------------+
 *  |                     transaction id (u64)                      | 8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  type-specific header up to offset8*8, payload up to len8*8,  | 16
 *  |  zero padding to a multiple of 8                              |
 *  +---------------------------------------------------------------+
 *  |  trailer: u32 reserved (0) | u32 start offset of this packet  | len8*8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A packet occupies {@code len8*8 + 8} bytes of the data region. All fields little-endian.
 */
public final class PacketDescriptor {
    /** Offset of type, u16 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor.type). */
    public static final int TYPE_OFFSET = 0;
    /** Length of type, u16 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor). */
    public static final int TYPE_LENGTH = 2;
    /** Offset of offset8, u16: header length in 8-byte units (vmbus-core.md §7.1; LNX-H offset8). */
    public static final int OFFSET8_OFFSET = 2;
    /** Length of offset8, u16 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor). */
    public static final int OFFSET8_LENGTH = 2;
    /** Offset of len8, u16: packet length in 8-byte units without the trailer (vmbus-core.md §7.1; LNX-H len8). */
    public static final int LEN8_OFFSET = 4;
    /** Length of len8, u16 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor). */
    public static final int LEN8_LENGTH = 2;
    /** Offset of flags, u16 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor.flags). */
    public static final int FLAGS_OFFSET = 6;
    /** Length of flags, u16 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor). */
    public static final int FLAGS_LENGTH = 2;
    /** Offset of the transaction id, u64 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor.trans_id). */
    public static final int TRANSACTION_ID_OFFSET = 8;
    /** Length of the transaction id, u64 (vmbus-core.md §7.1; LNX-H vmpacket_descriptor). */
    public static final int TRANSACTION_ID_LENGTH = 8;
    /** Length of the descriptor (vmbus-core.md §7.1: 16 bytes). */
    public static final int LENGTH = 16;
    /** Length of the trailer after each packet (vmbus-core.md §6.3: u64, not counted in len8). */
    public static final int TRAILER_LENGTH = 8;
    /** Offset inside the trailer of the packet's start offset, u32 (vmbus-core.md §6.3: bytes 4–7). */
    public static final int TRAILER_START_OFFSET = 4;
    /** Packet start and length alignment in bytes (vmbus-core.md §7.4). */
    public static final int ALIGNMENT = 8;
    /** flags bit 0, VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED (vmbus-core.md §7.1; LNX-H). */
    public static final int FLAG_COMPLETION_REQUESTED = 1;
    /** Every flag bit this implementation knows; OVMM rejects any other bit (vmbus-core.md §7.1). */
    public static final int KNOWN_FLAGS = FLAG_COMPLETION_REQUESTED;
    /** Smallest legal offset8: the descriptor itself (vmbus-core.md §7.1: offset8 ≥ 2). */
    public static final int MIN_OFFSET8 = LENGTH / ALIGNMENT;
    /** Largest len8 (u16 field). */
    public static final int MAX_LEN8 = 0xFFFF;
    /** Smallest number of ring bytes a packet occupies: descriptor + trailer (CONTRACT.md: minimum len = 24). */
    public static final int MIN_RING_LENGTH = LENGTH + TRAILER_LENGTH;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #TYPE_OFFSET} */
    public static int typeOffset() {
        return TYPE_OFFSET;
    }

    /** @return {@link #TYPE_LENGTH} */
    public static int typeLength() {
        return TYPE_LENGTH;
    }

    /** @return {@link #OFFSET8_OFFSET} */
    public static int offset8Offset() {
        return OFFSET8_OFFSET;
    }

    /** @return {@link #OFFSET8_LENGTH} */
    public static int offset8Length() {
        return OFFSET8_LENGTH;
    }

    /** @return {@link #LEN8_OFFSET} */
    public static int len8Offset() {
        return LEN8_OFFSET;
    }

    /** @return {@link #LEN8_LENGTH} */
    public static int len8Length() {
        return LEN8_LENGTH;
    }

    /** @return {@link #FLAGS_OFFSET} */
    public static int flagsOffset() {
        return FLAGS_OFFSET;
    }

    /** @return {@link #FLAGS_LENGTH} */
    public static int flagsLength() {
        return FLAGS_LENGTH;
    }

    /** @return {@link #TRANSACTION_ID_OFFSET} */
    public static int transactionIdOffset() {
        return TRANSACTION_ID_OFFSET;
    }

    /** @return {@link #TRANSACTION_ID_LENGTH} */
    public static int transactionIdLength() {
        return TRANSACTION_ID_LENGTH;
    }

    /** @return {@link #TRAILER_START_OFFSET} */
    public static int trailerStartOffset() {
        return TRAILER_START_OFFSET;
    }

    private PacketDescriptor() {
    }

    /**
     * @param length a byte count ≥ 0
     * @return {@code length} rounded up to a multiple of {@link #ALIGNMENT}
     */
    public static int align(int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * len8 of a packet whose headers (descriptor included) and payload take {@code unpaddedLength} bytes.
     *
     * @param unpaddedLength descriptor + headers + payload, in bytes
     * @return {@code ceil(unpaddedLength / 8)}
     */
    public static int len8(int unpaddedLength) {
        return align(unpaddedLength) / ALIGNMENT;
    }

    /**
     * Ring bytes taken by a packet with a 16-byte descriptor and {@code payloadLength} payload bytes (offset8 = 2):
     * {@code align8(16 + payloadLength) + 8}. This is the {@code len} of CONTRACT.md and of
     * {@link RingWriter#requestSpace(int)}.
     *
     * @param payloadLength payload bytes
     * @return ring bytes including the trailer
     */
    public static int ringLength(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payload length: " + payloadLength + " (expected: >= 0)");
        }
        return align(LENGTH + payloadLength) + TRAILER_LENGTH;
    }

    /**
     * The trailer value written after a packet that starts at data offset {@code startOffset}: {@code startOffset
     * << 32} (vmbus-core.md §6.3; LNX-H writes {@code (u64)write_index << 32}).
     *
     * @param startOffset packet start offset in the data region
     * @return the trailer as a little-endian u64
     */
    public static long trailer(int startOffset) {
        return ((long) startOffset) << 32;
    }
}
