package org.hvref.channel.protocol;

/**
 * Layout of GPADL_TEARDOWN (type 11) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_teardown). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 *    12     4  gpadl u32
 * </pre>
 */
public final class GpadlTeardownDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_teardown). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_teardown). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of gpadl u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_teardown). */
    public static final int GPADL_OFFSET = 12;
    /** Length of gpadl u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_teardown). */
    public static final int GPADL_LENGTH = 4;
    /** Length (vmbus-core.md §2.1: 16). */
    public static final int LENGTH = 16;

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

    private GpadlTeardownDescriptor() {
    }
}
