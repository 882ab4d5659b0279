package org.hvref.channel.protocol;

/**
 * Layout of TL_CONNECT_REQUEST (21) and TL_CONNECT_RESULT (23) (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8    16  guest endpoint id GUID
 *    24    16  host service id GUID
 *    40    16  [21, 5.2] silo id GUID
 *    40     4  [23] status i32
 * </pre>
 */
public final class TlConnectDescriptor {
    /** Offset of guest endpoint id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int ENDPOINT_ID_OFFSET = 8;
    /** Length of guest endpoint id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int ENDPOINT_ID_LENGTH = 16;
    /** Offset of host service id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int SERVICE_ID_OFFSET = 24;
    /** Length of host service id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int SERVICE_ID_LENGTH = 16;
    /** Offset of [21, 5.2] silo id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int SILO_ID_OFFSET = 40;
    /** Length of [21, 5.2] silo id GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int SILO_ID_LENGTH = 16;
    /** Offset of [23] status i32 (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int STATUS_OFFSET = 40;
    /** Length of [23] status i32 (vmbus-core.md §2.2; LNX-H vmbus_channel_tl_connect_request, OVMM TlConnectResult). */
    public static final int STATUS_LENGTH = 4;
    /** TL_CONNECT_REQUEST length (vmbus-core.md §2.1: 40). */
    public static final int REQUEST_LENGTH = 40;
    /** TL_CONNECT_REQUEST with silo id (vmbus-core.md §2.1: 56). */
    public static final int REQUEST_LENGTH_WITH_SILO = 56;
    /** TL_CONNECT_RESULT length (vmbus-core.md §2.1: 44). */
    public static final int RESULT_LENGTH = 44;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #ENDPOINT_ID_OFFSET} */
    public static int endpointIdOffset() {
        return ENDPOINT_ID_OFFSET;
    }

    /** @return {@link #ENDPOINT_ID_LENGTH} */
    public static int endpointIdLength() {
        return ENDPOINT_ID_LENGTH;
    }

    /** @return {@link #SERVICE_ID_OFFSET} */
    public static int serviceIdOffset() {
        return SERVICE_ID_OFFSET;
    }

    /** @return {@link #SERVICE_ID_LENGTH} */
    public static int serviceIdLength() {
        return SERVICE_ID_LENGTH;
    }

    /** @return {@link #SILO_ID_OFFSET} */
    public static int siloIdOffset() {
        return SILO_ID_OFFSET;
    }

    /** @return {@link #SILO_ID_LENGTH} */
    public static int siloIdLength() {
        return SILO_ID_LENGTH;
    }

    /** @return {@link #STATUS_OFFSET} */
    public static int statusOffset() {
        return STATUS_OFFSET;
    }

    /** @return {@link #STATUS_LENGTH} */
    public static int statusLength() {
        return STATUS_LENGTH;
    }

    private TlConnectDescriptor() {
    }
}
