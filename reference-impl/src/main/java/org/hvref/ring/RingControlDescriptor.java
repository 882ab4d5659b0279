package org.hvref.ring;

/**
 * Layout of a ring's control page (the first 4 KiB of every ring), vmbus-core.md §6.1; LNX-H {@code struct
 * hv_ring_buffer}, OVMM {@code vmbus_ring} {@code Control}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    write_index (writer)                     | 0x00
 *  +---------------------------------------------------------------+
 *  |                    read_index (reader)                      | 0x04
 *  +---------------------------------------------------------------+
 *  |                  interrupt_mask (reader)                    | 0x08
 *  +---------------------------------------------------------------+
 *  |                  pending_send_sz (writer)                   | 0x0C
 *  +---------------------------------------------------------------+
 *  |                    reserved1[12] (48 bytes)                 | 0x10
 *  +---------------------------------------------------------------+
 *  |   feature_bits (bit 0 = feat_pending_send_sz)               | 0x40
 *  +---------------------------------------------------------------+
 *  |                reserved (pads to 4096 bytes)                | 0x44
 *  +---------------------------------------------------------------+
 *  followed by the data region of DataSize bytes (the data pages)
 * </pre>
 *
 * All fields are little-endian u32. Indexes are byte offsets into the data region, in {@code [0, DataSize)},
 * multiples of 8.
 */
public final class RingControlDescriptor {
    /** Offset of write_index: where the next packet will be written (vmbus-core.md §6.1; LNX-H hv_ring_buffer). */
    public static final int WRITE_INDEX_OFFSET = 0x00;
    /** Offset of read_index: start of the next unread packet (vmbus-core.md §6.1; LNX-H hv_ring_buffer). */
    public static final int READ_INDEX_OFFSET = 0x04;
    /** Offset of interrupt_mask: non-zero asks the writer not to signal (vmbus-core.md §6.1; LNX-H hv_ring_buffer). */
    public static final int INTERRUPT_MASK_OFFSET = 0x08;
    /** Offset of pending_send_sz: bytes a blocked writer waits for (vmbus-core.md §6.1; LNX-H hv_ring_buffer). */
    public static final int PENDING_SEND_SIZE_OFFSET = 0x0C;
    /** Offset of feature_bits (vmbus-core.md §6.1; LNX-H hv_ring_buffer {@code feature_bits} after reserved1[12]). */
    public static final int FEATURE_BITS_OFFSET = 0x40;
    /** Size of each control field in bytes (u32; vmbus-core.md §6.1). */
    public static final int FIELD_LENGTH = 4;
    /** Length of the control page; the data region starts right after it (vmbus-core.md §6.1). */
    public static final int CONTROL_PAGE_LENGTH = 4096;
    /** feature_bits bit 0, feat_pending_send_sz / SupportsPendingSendSize (vmbus-core.md §6.1; LNX-H). */
    public static final int FEAT_PENDING_SEND_SIZE = 1;
    /** Low bits of pending_send_sz a reader ignores (OVMM {@code commit_read} masks with ~7; vmbus-core.md §6.5). */
    public static final int PENDING_SEND_SIZE_IGNORED_BITS = 7;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #WRITE_INDEX_OFFSET} */
    public static int writeIndexOffset() {
        return WRITE_INDEX_OFFSET;
    }

    /** @return {@link #FIELD_LENGTH}: every control field is a u32 */
    public static int writeIndexLength() {
        return FIELD_LENGTH;
    }

    /** @return {@link #READ_INDEX_OFFSET} */
    public static int readIndexOffset() {
        return READ_INDEX_OFFSET;
    }

    /** @return {@link #FIELD_LENGTH}: every control field is a u32 */
    public static int readIndexLength() {
        return FIELD_LENGTH;
    }

    /** @return {@link #INTERRUPT_MASK_OFFSET} */
    public static int interruptMaskOffset() {
        return INTERRUPT_MASK_OFFSET;
    }

    /** @return {@link #FIELD_LENGTH}: every control field is a u32 */
    public static int interruptMaskLength() {
        return FIELD_LENGTH;
    }

    /** @return {@link #PENDING_SEND_SIZE_OFFSET} */
    public static int pendingSendSizeOffset() {
        return PENDING_SEND_SIZE_OFFSET;
    }

    /** @return {@link #FIELD_LENGTH}: every control field is a u32 */
    public static int pendingSendSizeLength() {
        return FIELD_LENGTH;
    }

    /** @return {@link #FEATURE_BITS_OFFSET} */
    public static int featureBitsOffset() {
        return FEATURE_BITS_OFFSET;
    }

    /** @return {@link #FIELD_LENGTH}: every control field is a u32 */
    public static int featureBitsLength() {
        return FIELD_LENGTH;
    }

    private RingControlDescriptor() {
    }
}
