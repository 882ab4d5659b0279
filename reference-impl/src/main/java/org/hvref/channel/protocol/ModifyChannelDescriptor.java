package org.hvref.channel.protocol;

/**
 * Layout of MODIFYCHANNEL (22) and MODIFYCHANNEL_RESPONSE (24) (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  child_relid u32
 *    12     4  [22] target_vp u32
 *    12     4  [24] status i32
 * </pre>
 */
public final class ModifyChannelDescriptor {
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of [22] target_vp u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). */
    public static final int TARGET_VP_OFFSET = 12;
    /** Length of [22] target_vp u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). */
    public static final int TARGET_VP_LENGTH = 4;
    /** Offset of [24] status i32 (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). */
    public static final int STATUS_OFFSET = 12;
    /** Length of [24] status i32 (vmbus-core.md §2.2; LNX-H vmbus_channel_modifychannel, vmbus_channel_modifychannel_response). */
    public static final int STATUS_LENGTH = 4;
    /** Length of both (vmbus-core.md §2.1: 16). */
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

    /** @return {@link #TARGET_VP_OFFSET} */
    public static int targetVpOffset() {
        return TARGET_VP_OFFSET;
    }

    /** @return {@link #TARGET_VP_LENGTH} */
    public static int targetVpLength() {
        return TARGET_VP_LENGTH;
    }

    /** @return {@link #STATUS_OFFSET} */
    public static int statusOffset() {
        return STATUS_OFFSET;
    }

    /** @return {@link #STATUS_LENGTH} */
    public static int statusLength() {
        return STATUS_LENGTH;
    }

    private ModifyChannelDescriptor() {
    }
}
