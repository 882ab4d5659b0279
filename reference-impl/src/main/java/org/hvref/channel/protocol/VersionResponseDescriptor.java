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

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #VERSION_SUPPORTED_OFFSET} */
    public static int versionSupportedOffset() {
        return VERSION_SUPPORTED_OFFSET;
    }

    /** @return {@link #VERSION_SUPPORTED_LENGTH} */
    public static int versionSupportedLength() {
        return VERSION_SUPPORTED_LENGTH;
    }

    /** @return {@link #CONNECTION_STATE_OFFSET} */
    public static int connectionStateOffset() {
        return CONNECTION_STATE_OFFSET;
    }

    /** @return {@link #CONNECTION_STATE_LENGTH} */
    public static int connectionStateLength() {
        return CONNECTION_STATE_LENGTH;
    }

    /** @return {@link #PADDING_OFFSET} */
    public static int paddingOffset() {
        return PADDING_OFFSET;
    }

    /** @return {@link #PADDING_LENGTH} */
    public static int paddingLength() {
        return PADDING_LENGTH;
    }

    /** @return {@link #CONNECTION_ID_OFFSET} */
    public static int connectionIdOffset() {
        return CONNECTION_ID_OFFSET;
    }

    /** @return {@link #CONNECTION_ID_LENGTH} */
    public static int connectionIdLength() {
        return CONNECTION_ID_LENGTH;
    }

    /** @return {@link #SUPPORTED_FEATURES_OFFSET} */
    public static int supportedFeaturesOffset() {
        return SUPPORTED_FEATURES_OFFSET;
    }

    /** @return {@link #SUPPORTED_FEATURES_LENGTH} */
    public static int supportedFeaturesLength() {
        return SUPPORTED_FEATURES_LENGTH;
    }

    /** @return {@link #PADDING2_OFFSET} */
    public static int padding2Offset() {
        return PADDING2_OFFSET;
    }

    /** @return {@link #PADDING2_LENGTH} */
    public static int padding2Length() {
        return PADDING2_LENGTH;
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

    private VersionResponseDescriptor() {
    }
}
