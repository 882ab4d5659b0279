package org.hvref.hypervisor;

/**
 * Layouts of the memory-based hypercall input blocks of HvPostMessage (0x005C) and HvSignalEvent (0x005D), and of
 * the fast HvSignalEvent register value; source: vmbus-core.md §1.3 and §1.4 (TLFS {@code HvCallPostMessage},
 * {@code HvCallSignalEvent}).
 *
 * <pre>
 *  HvPostMessage input (256 bytes, 8-byte aligned):
 *  0               4               8               12              16                                256
 *  +---------------+---------------+---------------+---------------+---------------------------------+
 *  | connection_id | reserved (0)  | message_type  | payload_size  | payload (240 bytes)             |
 *  +---------------+---------------+---------------+---------------+---------------------------------+
 *
 *  HvSignalEvent input (8 bytes):  connection_id u32 @0, flag_number u16 @4, reserved u16 @6
 *  fast HvSignalEvent register:    connection_id | flag_number &lt;&lt; 32 (bits 48-63 reserved)
 * </pre>
 */
public final class HypercallInputDescriptor {
    private HypercallInputDescriptor() {
    }

    /** Hypercall input blocks must be 8-byte aligned ({@code HV_HYPERCALL_PARAM_ALIGN}), vmbus-core.md §1.3. */
    public static final int INPUT_ALIGNMENT = 8;
    /** HvPostMessage: offset of {@code connection_id}, vmbus-core.md §1.3. */
    public static final int POST_CONNECTION_ID_OFFSET = 0;
    /** HvPostMessage: offset of the reserved u32 (must be zero), vmbus-core.md §1.3. */
    public static final int POST_RESERVED_OFFSET = 4;
    /** HvPostMessage: offset of {@code message_type}, vmbus-core.md §1.3. */
    public static final int POST_MESSAGE_TYPE_OFFSET = 8;
    /** HvPostMessage: offset of {@code payload_size}, vmbus-core.md §1.3. */
    public static final int POST_PAYLOAD_SIZE_OFFSET = 12;
    /** HvPostMessage: offset of the payload, vmbus-core.md §1.3. */
    public static final int POST_PAYLOAD_OFFSET = 16;
    /** HvPostMessage: size of the input block (256), vmbus-core.md §1.3. */
    public static final int POST_INPUT_SIZE = 256;
    /** HvSignalEvent: offset of {@code connection_id}, vmbus-core.md §1.4. */
    public static final int SIGNAL_CONNECTION_ID_OFFSET = 0;
    /** HvSignalEvent: offset of {@code flag_number} (u16), vmbus-core.md §1.4. */
    public static final int SIGNAL_FLAG_NUMBER_OFFSET = 4;
    /** HvSignalEvent: offset of the reserved u16, vmbus-core.md §1.4. */
    public static final int SIGNAL_RESERVED_OFFSET = 6;
    /** HvSignalEvent: size of the input block (8), vmbus-core.md §1.4. */
    public static final int SIGNAL_INPUT_SIZE = 8;
    /** Fast HvSignalEvent: shift of {@code flag_number} in the register value, vmbus-core.md §1.4. */
    public static final int FAST_SIGNAL_FLAG_SHIFT = 32;

    /**
     * @param connectionId target connection id
     * @param flagNumber   flag number (u16)
     * @return the fast HvSignalEvent register value {@code connection_id | flag_number << 32} (vmbus-core.md §1.4)
     */
    public static long fastSignalEventInput(int connectionId, int flagNumber) {
        return (connectionId & 0xFFFF_FFFFL) | ((long) (flagNumber & 0xFFFF) << FAST_SIGNAL_FLAG_SHIFT);
    }
}
