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

    private ModifyConnectionDescriptor() {
    }
}
