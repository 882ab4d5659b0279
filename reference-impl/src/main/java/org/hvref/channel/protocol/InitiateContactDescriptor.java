package org.hvref.channel.protocol;

/**
 * Layout of INITIATE_CONTACT (type 14) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     4  vmbus_version_requested u32
 *    12     4  target_vcpu u32
 *    16     8  interrupt_page u64 (< 5.0); msg_sint u8, msg_vtl u8, reserved u16, feature_flags u32 (>= 5.0)
 *    24     8  monitor_page1 GPA (parent to child)
 *    32     8  monitor_page2 GPA (child to parent)
 *    40    16  [6.0 + 0x8] client_id GUID
 * </pre>
 */
public final class InitiateContactDescriptor {
    /** Offset of vmbus_version_requested u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int VERSION_REQUESTED_OFFSET = 8;
    /** Length of vmbus_version_requested u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int VERSION_REQUESTED_LENGTH = 4;
    /** Offset of target_vcpu u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int TARGET_VCPU_OFFSET = 12;
    /** Length of target_vcpu u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int TARGET_VCPU_LENGTH = 4;
    /** Offset of interrupt_page u64 (< 5.0); msg_sint u8, msg_vtl u8, reserved u16, feature_flags u32 (>= 5.0) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int INTERRUPT_PAGE_OFFSET = 16;
    /** Length of interrupt_page u64 (< 5.0); msg_sint u8, msg_vtl u8, reserved u16, feature_flags u32 (>= 5.0) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int INTERRUPT_PAGE_LENGTH = 8;
    /** Offset of monitor_page1 GPA (parent to child) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int MONITOR_PAGE1_OFFSET = 24;
    /** Length of monitor_page1 GPA (parent to child) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int MONITOR_PAGE1_LENGTH = 8;
    /** Offset of monitor_page2 GPA (child to parent) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int MONITOR_PAGE2_OFFSET = 32;
    /** Length of monitor_page2 GPA (child to parent) (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int MONITOR_PAGE2_LENGTH = 8;
    /** Offset of [6.0 + 0x8] client_id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int CLIENT_ID_OFFSET = 40;
    /** Length of [6.0 + 0x8] client_id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_initiate_contact, OVMM InitiateContact2). */
    public static final int CLIENT_ID_LENGTH = 16;
    /** Length without client id (vmbus-core.md §2.1: 40). */
    public static final int LENGTH = 40;
    /** Length with client id (vmbus-core.md §2.1: 56). */
    public static final int LENGTH_WITH_CLIENT_ID = 56;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #VERSION_REQUESTED_OFFSET} */
    public static int versionRequestedOffset() {
        return VERSION_REQUESTED_OFFSET;
    }

    /** @return {@link #VERSION_REQUESTED_LENGTH} */
    public static int versionRequestedLength() {
        return VERSION_REQUESTED_LENGTH;
    }

    /** @return {@link #TARGET_VCPU_OFFSET} */
    public static int targetVcpuOffset() {
        return TARGET_VCPU_OFFSET;
    }

    /** @return {@link #TARGET_VCPU_LENGTH} */
    public static int targetVcpuLength() {
        return TARGET_VCPU_LENGTH;
    }

    /** @return {@link #INTERRUPT_PAGE_OFFSET} */
    public static int interruptPageOffset() {
        return INTERRUPT_PAGE_OFFSET;
    }

    /** @return {@link #INTERRUPT_PAGE_LENGTH} */
    public static int interruptPageLength() {
        return INTERRUPT_PAGE_LENGTH;
    }

    /** @return {@link #MONITOR_PAGE1_OFFSET} */
    public static int monitorPage1Offset() {
        return MONITOR_PAGE1_OFFSET;
    }

    /** @return {@link #MONITOR_PAGE1_LENGTH} */
    public static int monitorPage1Length() {
        return MONITOR_PAGE1_LENGTH;
    }

    /** @return {@link #MONITOR_PAGE2_OFFSET} */
    public static int monitorPage2Offset() {
        return MONITOR_PAGE2_OFFSET;
    }

    /** @return {@link #MONITOR_PAGE2_LENGTH} */
    public static int monitorPage2Length() {
        return MONITOR_PAGE2_LENGTH;
    }

    /** @return {@link #CLIENT_ID_OFFSET} */
    public static int clientIdOffset() {
        return CLIENT_ID_OFFSET;
    }

    /** @return {@link #CLIENT_ID_LENGTH} */
    public static int clientIdLength() {
        return CLIENT_ID_LENGTH;
    }

    private InitiateContactDescriptor() {
    }
}
