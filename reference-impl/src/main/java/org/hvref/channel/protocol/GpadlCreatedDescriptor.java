package org.hvref.channel.protocol;

/**
 * Layout of GPADL_CREATED (type 10) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 *    12     4  gpadl u32
 *    16     4  creation_status u32
 * </pre>
 */
public final class GpadlCreatedDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of gpadl u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). */
    public static final int GPADL_OFFSET = 12;
    /** Length of gpadl u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). */
    public static final int GPADL_LENGTH = 4;
    /** Offset of creation_status u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). */
    public static final int CREATION_STATUS_OFFSET = 16;
    /** Length of creation_status u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_created). */
    public static final int CREATION_STATUS_LENGTH = 4;
    /** Length (vmbus-core.md §2.1: 20). */
    public static final int LENGTH = 20;

    private GpadlCreatedDescriptor() {
    }
}
