package org.hvref.channel.protocol;

/**
 * Layout of RESCIND_CHANNELOFFER (2), CLOSECHANNEL (7), RELID_RELEASED (13) (vmbus-core.md §2.2; LNX-H vmbus_channel_rescind_offer, vmbus_channel_close_channel, vmbus_channel_relid_released). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 * </pre>
 */
public final class RelidMessageDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_rescind_offer, vmbus_channel_close_channel, vmbus_channel_relid_released). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_rescind_offer, vmbus_channel_close_channel, vmbus_channel_relid_released). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Length (vmbus-core.md §2.1: 12). */
    public static final int LENGTH = 12;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #CHILD_RELID_OFFSET} */
    public static int childRelidOffset() {
        return CHILD_RELID_OFFSET;
    }

    /** @return {@link #CHILD_RELID_LENGTH} */
    public static int childRelidLength() {
        return CHILD_RELID_LENGTH;
    }

    private RelidMessageDescriptor() {
    }
}
