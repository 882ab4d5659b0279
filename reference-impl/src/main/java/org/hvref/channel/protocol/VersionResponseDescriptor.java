package org.hvref.channel.protocol;

/**
 * Layout of VERSION_RESPONSE (type 15) (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     1  version_supported u8
 *     9     1  connection_state u8
 *    10     2  padding
 *    12     4  selected version (< 5.0) / message connection id (>= 5.0)
 *    16     4  [6.0] supported_features u32
 *    20     4  [6.0 + 0x40] padding
 *    24     8  [6.0 + 0x40] parent-to-child monitor page
 *    32     8  [6.0 + 0x40] child-to-parent monitor page
 * </pre>
 */
public final class VersionResponseDescriptor {
    /** Offset of version_supported u8 (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int VERSION_SUPPORTED_OFFSET = 8;
    /** Length of version_supported u8 (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int VERSION_SUPPORTED_LENGTH = 1;
    /** Offset of connection_state u8 (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int CONNECTION_STATE_OFFSET = 9;
    /** Length of connection_state u8 (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int CONNECTION_STATE_LENGTH = 1;
    /** Offset of padding (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int PADDING_OFFSET = 10;
    /** Length of padding (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int PADDING_LENGTH = 2;
    /** Offset of selected version (< 5.0) / message connection id (>= 5.0) (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int CONNECTION_ID_OFFSET = 12;
    /** Length of selected version (< 5.0) / message connection id (>= 5.0) (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int CONNECTION_ID_LENGTH = 4;
    /** Offset of [6.0] supported_features u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int SUPPORTED_FEATURES_OFFSET = 16;
    /** Length of [6.0] supported_features u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int SUPPORTED_FEATURES_LENGTH = 4;
    /** Offset of [6.0 + 0x40] padding (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int PADDING2_OFFSET = 20;
    /** Length of [6.0 + 0x40] padding (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int PADDING2_LENGTH = 4;
    /** Offset of [6.0 + 0x40] parent-to-child monitor page (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int MONITOR_PAGE1_OFFSET = 24;
    /** Length of [6.0 + 0x40] parent-to-child monitor page (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int MONITOR_PAGE1_LENGTH = 8;
    /** Offset of [6.0 + 0x40] child-to-parent monitor page (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int MONITOR_PAGE2_OFFSET = 32;
    /** Length of [6.0 + 0x40] child-to-parent monitor page (vmbus-core.md §2.2; LNX-H vmbus_channel_version_response, OVMM VersionResponse3). */
    public static final int MONITOR_PAGE2_LENGTH = 8;
    /** Basic length (vmbus-core.md §2.1: 16). */
    public static final int LENGTH = 16;
    /** 6.0 length (vmbus-core.md §2.1: 20). */
    public static final int LENGTH_COPPER = 20;
    /** 6.0 + feature 0x40 length (vmbus-core.md §2.1: 40). */
    public static final int LENGTH_MONITOR_PAGES = 40;

    private VersionResponseDescriptor() {
    }
}
