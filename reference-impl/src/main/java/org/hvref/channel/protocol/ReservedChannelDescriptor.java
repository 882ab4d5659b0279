package org.hvref.channel.protocol;

/**
 * Layout of OPEN_RESERVED_CHANNEL (18), CLOSE_RESERVED_CHANNEL (19: first three fields), CLOSE_RESERVED_RESPONSE (20: first field) (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  channel_id u32
 *    12     4  target_vp u32
 *    16     4  target_sint u32
 *    20     4  ring gpadl u32
 *    24     4  downstream_page_offset u32
 * </pre>
 */
public final class ReservedChannelDescriptor {
    /** Offset of channel_id u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int CHANNEL_ID_OFFSET = 8;
    /** Length of channel_id u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int CHANNEL_ID_LENGTH = 4;
    /** Offset of target_vp u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int TARGET_VP_OFFSET = 12;
    /** Length of target_vp u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int TARGET_VP_LENGTH = 4;
    /** Offset of target_sint u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int TARGET_SINT_OFFSET = 16;
    /** Length of target_sint u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int TARGET_SINT_LENGTH = 4;
    /** Offset of ring gpadl u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int RING_GPADL_OFFSET = 20;
    /** Length of ring gpadl u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int RING_GPADL_LENGTH = 4;
    /** Offset of downstream_page_offset u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int DOWNSTREAM_PAGE_OFFSET_OFFSET = 24;
    /** Length of downstream_page_offset u32 (vmbus-core.md §2.2; MSVM, OVMM OpenReservedChannel). */
    public static final int DOWNSTREAM_PAGE_OFFSET_LENGTH = 4;
    /** OPEN_RESERVED_CHANNEL length (vmbus-core.md §2.1: 28). */
    public static final int OPEN_LENGTH = 28;
    /** CLOSE_RESERVED_CHANNEL length (vmbus-core.md §2.1: 20). */
    public static final int CLOSE_LENGTH = 20;
    /** CLOSE_RESERVED_RESPONSE length (vmbus-core.md §2.1: 12). */
    public static final int RESPONSE_LENGTH = 12;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #CHANNEL_ID_OFFSET} */
    public static int channelIdOffset() {
        return CHANNEL_ID_OFFSET;
    }

    /** @return {@link #CHANNEL_ID_LENGTH} */
    public static int channelIdLength() {
        return CHANNEL_ID_LENGTH;
    }

    /** @return {@link #TARGET_VP_OFFSET} */
    public static int targetVpOffset() {
        return TARGET_VP_OFFSET;
    }

    /** @return {@link #TARGET_VP_LENGTH} */
    public static int targetVpLength() {
        return TARGET_VP_LENGTH;
    }

    /** @return {@link #TARGET_SINT_OFFSET} */
    public static int targetSintOffset() {
        return TARGET_SINT_OFFSET;
    }

    /** @return {@link #TARGET_SINT_LENGTH} */
    public static int targetSintLength() {
        return TARGET_SINT_LENGTH;
    }

    /** @return {@link #RING_GPADL_OFFSET} */
    public static int ringGpadlOffset() {
        return RING_GPADL_OFFSET;
    }

    /** @return {@link #RING_GPADL_LENGTH} */
    public static int ringGpadlLength() {
        return RING_GPADL_LENGTH;
    }

    /** @return {@link #DOWNSTREAM_PAGE_OFFSET_OFFSET} */
    public static int downstreamPageOffsetOffset() {
        return DOWNSTREAM_PAGE_OFFSET_OFFSET;
    }

    /** @return {@link #DOWNSTREAM_PAGE_OFFSET_LENGTH} */
    public static int downstreamPageOffsetLength() {
        return DOWNSTREAM_PAGE_OFFSET_LENGTH;
    }

    private ReservedChannelDescriptor() {
    }
}
