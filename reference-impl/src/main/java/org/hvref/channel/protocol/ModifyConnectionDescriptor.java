package org.hvref.channel.protocol;

/**
 * Layout of MODIFY_CONNECTION (25) and MODIFY_CONNECTION_RESPONSE (26) (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8     8  [25] parent-to-child monitor page GPA
 *    16     8  [25] child-to-parent monitor page GPA
 *     8     1  [26] connection_state u8
 * </pre>
 */
public final class ModifyConnectionDescriptor {
    /** Offset of [25] parent-to-child monitor page GPA (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). */
    public static final int MONITOR_PAGE1_OFFSET = 8;
    /** Length of [25] parent-to-child monitor page GPA (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). */
    public static final int MONITOR_PAGE1_LENGTH = 8;
    /** Offset of [25] child-to-parent monitor page GPA (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). */
    public static final int MONITOR_PAGE2_OFFSET = 16;
    /** Length of [25] child-to-parent monitor page GPA (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). */
    public static final int MONITOR_PAGE2_LENGTH = 8;
    /** Offset of [26] connection_state u8 (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). */
    public static final int CONNECTION_STATE_OFFSET = 8;
    /** Length of [26] connection_state u8 (vmbus-core.md §2.2; MSVM, OVMM ModifyConnection). */
    public static final int CONNECTION_STATE_LENGTH = 1;
    /** MODIFY_CONNECTION length (vmbus-core.md §2.1: 24). */
    public static final int LENGTH = 24;
    /** MODIFY_CONNECTION_RESPONSE length (vmbus-core.md §2.1: 9). */
    public static final int RESPONSE_LENGTH = 9;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

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

    /** @return {@link #CONNECTION_STATE_OFFSET} */
    public static int connectionStateOffset() {
        return CONNECTION_STATE_OFFSET;
    }

    /** @return {@link #CONNECTION_STATE_LENGTH} */
    public static int connectionStateLength() {
        return CONNECTION_STATE_LENGTH;
    }

    private ModifyConnectionDescriptor() {
    }
}
