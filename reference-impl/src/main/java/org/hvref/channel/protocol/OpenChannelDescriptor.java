package org.hvref.channel.protocol;

/**
 * Layout of OPENCHANNEL (type 5) (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 *    12     4  openid u32
 *    16     4  ringbuffer GPADL handle
 *    20     4  target_vp u32
 *    24     4  downstream_ringbuffer_pageoffset u32
 *    28   120  user data
 *   148     4  [Copper] connection_id u32
 *   152     2  [Copper] event_flag u16
 *   154     2  [Copper] flags u16
 * </pre>
 */
public final class OpenChannelDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of openid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int OPEN_ID_OFFSET = 12;
    /** Length of openid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int OPEN_ID_LENGTH = 4;
    /** Offset of ringbuffer GPADL handle (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int RING_GPADL_OFFSET = 16;
    /** Length of ringbuffer GPADL handle (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int RING_GPADL_LENGTH = 4;
    /** Offset of target_vp u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int TARGET_VP_OFFSET = 20;
    /** Length of target_vp u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int TARGET_VP_LENGTH = 4;
    /** Offset of downstream_ringbuffer_pageoffset u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int DOWNSTREAM_PAGE_OFFSET_OFFSET = 24;
    /** Length of downstream_ringbuffer_pageoffset u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int DOWNSTREAM_PAGE_OFFSET_LENGTH = 4;
    /** Offset of user data (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int USER_DATA_OFFSET = 28;
    /** Length of user data (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int USER_DATA_LENGTH = 120;
    /** Offset of [Copper] connection_id u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int CONNECTION_ID_OFFSET = 148;
    /** Length of [Copper] connection_id u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int CONNECTION_ID_LENGTH = 4;
    /** Offset of [Copper] event_flag u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int EVENT_FLAG_OFFSET = 152;
    /** Length of [Copper] event_flag u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int EVENT_FLAG_LENGTH = 2;
    /** Offset of [Copper] flags u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int EXTENSION_FLAGS_OFFSET = 154;
    /** Length of [Copper] flags u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_channel, OVMM OpenChannel2). */
    public static final int EXTENSION_FLAGS_LENGTH = 2;
    /** Length without the extension (vmbus-core.md §2.1: 148). */
    public static final int LENGTH = 148;
    /** Length with the Copper extension (vmbus-core.md §2.1: 156). */
    public static final int LENGTH_WITH_EXTENSION = 156;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #CHILD_RELID_OFFSET} */
    public static int childRelidOffset() {
        return CHILD_RELID_OFFSET;
    }

    /** @return {@link #CHILD_RELID_LENGTH} */
    public static int childRelidLength() {
        return CHILD_RELID_LENGTH;
    }

    /** @return {@link #OPEN_ID_OFFSET} */
    public static int openIdOffset() {
        return OPEN_ID_OFFSET;
    }

    /** @return {@link #OPEN_ID_LENGTH} */
    public static int openIdLength() {
        return OPEN_ID_LENGTH;
    }

    /** @return {@link #RING_GPADL_OFFSET} */
    public static int ringGpadlOffset() {
        return RING_GPADL_OFFSET;
    }

    /** @return {@link #RING_GPADL_LENGTH} */
    public static int ringGpadlLength() {
        return RING_GPADL_LENGTH;
    }

    /** @return {@link #TARGET_VP_OFFSET} */
    public static int targetVpOffset() {
        return TARGET_VP_OFFSET;
    }

    /** @return {@link #TARGET_VP_LENGTH} */
    public static int targetVpLength() {
        return TARGET_VP_LENGTH;
    }

    /** @return {@link #DOWNSTREAM_PAGE_OFFSET_OFFSET} */
    public static int downstreamPageOffsetOffset() {
        return DOWNSTREAM_PAGE_OFFSET_OFFSET;
    }

    /** @return {@link #DOWNSTREAM_PAGE_OFFSET_LENGTH} */
    public static int downstreamPageOffsetLength() {
        return DOWNSTREAM_PAGE_OFFSET_LENGTH;
    }

    /** @return {@link #USER_DATA_OFFSET} */
    public static int userDataOffset() {
        return USER_DATA_OFFSET;
    }

    /** @return {@link #USER_DATA_LENGTH} */
    public static int userDataLength() {
        return USER_DATA_LENGTH;
    }

    /** @return {@link #CONNECTION_ID_OFFSET} */
    public static int connectionIdOffset() {
        return CONNECTION_ID_OFFSET;
    }

    /** @return {@link #CONNECTION_ID_LENGTH} */
    public static int connectionIdLength() {
        return CONNECTION_ID_LENGTH;
    }

    /** @return {@link #EVENT_FLAG_OFFSET} */
    public static int eventFlagOffset() {
        return EVENT_FLAG_OFFSET;
    }

    /** @return {@link #EVENT_FLAG_LENGTH} */
    public static int eventFlagLength() {
        return EVENT_FLAG_LENGTH;
    }

    /** @return {@link #EXTENSION_FLAGS_OFFSET} */
    public static int extensionFlagsOffset() {
        return EXTENSION_FLAGS_OFFSET;
    }

    /** @return {@link #EXTENSION_FLAGS_LENGTH} */
    public static int extensionFlagsLength() {
        return EXTENSION_FLAGS_LENGTH;
    }

    private OpenChannelDescriptor() {
    }
}
