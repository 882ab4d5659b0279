package org.hvref.channel.protocol;

/**
 * Layout of GPADL_TORNDOWN (type 12) (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_torndown). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  gpadl u32
 * </pre>
 */
public final class GpadlTorndownDescriptor {
    /** Offset of gpadl u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_torndown). */
    public static final int GPADL_OFFSET = 8;
    /** Length of gpadl u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_gpadl_torndown). */
    public static final int GPADL_LENGTH = 4;
    /** Length (vmbus-core.md §2.1: 12). */
    public static final int LENGTH = 12;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #GPADL_OFFSET} */
    public static int gpadlOffset() {
        return GPADL_OFFSET;
    }

    /** @return {@link #GPADL_LENGTH} */
    public static int gpadlLength() {
        return GPADL_LENGTH;
    }

    private GpadlTorndownDescriptor() {
    }
}
