package org.hvref.channel.protocol;

/**
 * Layout of OPENCHANNEL_RESULT (type 6) (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 *    12     4  openid u32
 *    16     4  status u32
 * </pre>
 */
public final class OpenChannelResultDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of openid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). */
    public static final int OPEN_ID_OFFSET = 12;
    /** Length of openid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). */
    public static final int OPEN_ID_LENGTH = 4;
    /** Offset of status u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). */
    public static final int STATUS_OFFSET = 16;
    /** Length of status u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_open_result). */
    public static final int STATUS_LENGTH = 4;
    /** Length (vmbus-core.md §2.1: 20). */
    public static final int LENGTH = 20;

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

    /** @return {@link #STATUS_OFFSET} */
    public static int statusOffset() {
        return STATUS_OFFSET;
    }

    /** @return {@link #STATUS_LENGTH} */
    public static int statusLength() {
        return STATUS_LENGTH;
    }

    private OpenChannelResultDescriptor() {
    }
}
