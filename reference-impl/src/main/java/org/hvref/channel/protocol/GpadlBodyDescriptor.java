package org.hvref.channel.protocol;

/**
 * Layout of GPADL_BODY (type 9) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  msgnumber u32
 *    12     4  gpadl handle u32
 *    16     8  pfn u64 values (8 each, repeated)
 * </pre>
 */
public final class GpadlBodyDescriptor {
    /** Offset of msgnumber u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). */
    public static final int MSG_NUMBER_OFFSET = 8;
    /** Length of msgnumber u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). */
    public static final int MSG_NUMBER_LENGTH = 4;
    /** Offset of gpadl handle u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). */
    public static final int GPADL_OFFSET = 12;
    /** Length of gpadl handle u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). */
    public static final int GPADL_LENGTH = 4;
    /** Offset of pfn u64 values (8 each, repeated) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). */
    public static final int PFNS_OFFSET = 16;
    /** Length of pfn u64 values (8 each, repeated) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_body, FBSD vmbus_chanmsg_gpadl_subconn). */
    public static final int PFNS_LENGTH = 8;
    /** Shortest message: header + one PFN (vmbus-core.md §2.1: 16 + 8n). */
    public static final int MIN_LENGTH = 24;
    /** Longest message (vmbus-core.md §2.1: <= 240). */
    public static final int MAX_LENGTH = 240;
    /** Most PFNs in a body (vmbus-core.md §2.2; FBSD VMBUS_CHANMSG_GPADL_SUBCONN_PGMAX 28). */
    public static final int MAX_PFNS = 28;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #MSG_NUMBER_OFFSET} */
    public static int msgNumberOffset() {
        return MSG_NUMBER_OFFSET;
    }

    /** @return {@link #MSG_NUMBER_LENGTH} */
    public static int msgNumberLength() {
        return MSG_NUMBER_LENGTH;
    }

    /** @return {@link #GPADL_OFFSET} */
    public static int gpadlOffset() {
        return GPADL_OFFSET;
    }

    /** @return {@link #GPADL_LENGTH} */
    public static int gpadlLength() {
        return GPADL_LENGTH;
    }

    /** @return {@link #PFNS_OFFSET} */
    public static int pfnsOffset() {
        return PFNS_OFFSET;
    }

    /** @return {@link #PFNS_LENGTH} */
    public static int pfnsLength() {
        return PFNS_LENGTH;
    }

    private GpadlBodyDescriptor() {
    }
}
