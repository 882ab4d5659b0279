package org.hvref.channel.protocol;

/**
 * Layout of GPADL_HEADER (type 8) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 *    12     4  gpadl handle u32
 *    16     2  range_buflen u16
 *    18     2  rangecount u16
 *    20     8  range buffer u64 values (8 each, repeated)
 * </pre>
 */
public final class GpadlHeaderDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of gpadl handle u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int GPADL_OFFSET = 12;
    /** Length of gpadl handle u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int GPADL_LENGTH = 4;
    /** Offset of range_buflen u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int RANGE_BUFLEN_OFFSET = 16;
    /** Length of range_buflen u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int RANGE_BUFLEN_LENGTH = 2;
    /** Offset of rangecount u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int RANGE_COUNT_OFFSET = 18;
    /** Length of rangecount u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int RANGE_COUNT_LENGTH = 2;
    /** Offset of range buffer u64 values (8 each, repeated) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int RANGE_BUFFER_OFFSET = 20;
    /** Length of range buffer u64 values (8 each, repeated) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_header, FBSD vmbus_chanmsg_gpadl_conn). */
    public static final int RANGE_BUFFER_LENGTH = 8;
    /** Shortest message: header + one u64 value (vmbus-core.md §2.1: 20 + 8n). */
    public static final int MIN_LENGTH = 28;
    /** Longest message (vmbus-core.md §2.1: <= 236). */
    public static final int MAX_LENGTH = 236;
    /** Most u64 values in a header (vmbus-core.md §2.2; OVMM GpadlHeader::MAX_DATA_VALUES = 27). */
    public static final int MAX_VALUES = 27;
    /** Most PFNs after the first range header (vmbus-core.md §2.2; FBSD VMBUS_CHANMSG_GPADL_CONN_PGMAX 26). */
    public static final int MAX_PFNS = 26;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #CHILD_RELID_OFFSET} */
    public static int childRelidOffset() {
        return CHILD_RELID_OFFSET;
    }

    /** @return {@link #CHILD_RELID_LENGTH} */
    public static int childRelidLength() {
        return CHILD_RELID_LENGTH;
    }

    /** @return {@link #GPADL_OFFSET} */
    public static int gpadlOffset() {
        return GPADL_OFFSET;
    }

    /** @return {@link #GPADL_LENGTH} */
    public static int gpadlLength() {
        return GPADL_LENGTH;
    }

    /** @return {@link #RANGE_BUFLEN_OFFSET} */
    public static int rangeBuflenOffset() {
        return RANGE_BUFLEN_OFFSET;
    }

    /** @return {@link #RANGE_BUFLEN_LENGTH} */
    public static int rangeBuflenLength() {
        return RANGE_BUFLEN_LENGTH;
    }

    /** @return {@link #RANGE_COUNT_OFFSET} */
    public static int rangeCountOffset() {
        return RANGE_COUNT_OFFSET;
    }

    /** @return {@link #RANGE_COUNT_LENGTH} */
    public static int rangeCountLength() {
        return RANGE_COUNT_LENGTH;
    }

    /** @return {@link #RANGE_BUFFER_OFFSET} */
    public static int rangeBufferOffset() {
        return RANGE_BUFFER_OFFSET;
    }

    /** @return {@link #RANGE_BUFFER_LENGTH} */
    public static int rangeBufferLength() {
        return RANGE_BUFFER_LENGTH;
    }

    private GpadlHeaderDescriptor() {
    }
}
