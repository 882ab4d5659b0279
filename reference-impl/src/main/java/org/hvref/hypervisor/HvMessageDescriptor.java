package org.hvref.hypervisor;

/**
 * Layout of one SynIC message slot ({@code HV_MESSAGE}, 256 bytes) and of the HvPostMessage input block; source:
 * vmbus-core.md §1.1 and §1.3 (TLFS {@code HV_MESSAGE}; LNX hyperv-tlfs {@code struct hv_message}).
 *
 * <pre>
 *  0               4       5       6       8                              16                         256
 *  +---------------+-------+-------+-------+------------------------------+--------------------------+
 *  | message_type  | size  | flags | rsvd  | sender / port_id (u64)       | payload (240 bytes)      |
 *  +---------------+-------+-------+-------+------------------------------+--------------------------+
 *  flags bit 0 = msg_pending (another message is queued behind this one)
 * </pre>
 */
public final class HvMessageDescriptor {
    private HvMessageDescriptor() {
    }

    /** Size of a message slot in bytes ({@code HV_MESSAGE_SIZE}, vmbus-core.md §1.1). */
    public static final int MESSAGE_SIZE = 256;
    /** Offset of {@code message_type} (u32; 0 = slot empty), vmbus-core.md §1.1. */
    public static final int MESSAGE_TYPE_OFFSET = 0;
    /** Offset of {@code payload_size} (u8), vmbus-core.md §1.1. */
    public static final int PAYLOAD_SIZE_OFFSET = 4;
    /** Offset of {@code message_flags} (u8), vmbus-core.md §1.1. */
    public static final int MESSAGE_FLAGS_OFFSET = 5;
    /** Offset of the 32-bit word holding payload_size, message_flags and reserved (for atomic flag updates). */
    public static final int SIZE_FLAGS_WORD_OFFSET = 4;
    /** Offset of {@code sender / port_id} (u64), vmbus-core.md §1.1. */
    public static final int PORT_ID_OFFSET = 8;
    /** Offset of the payload, vmbus-core.md §1.1. */
    public static final int PAYLOAD_OFFSET = 16;
    /** Largest payload ({@code HV_MESSAGE_PAYLOAD_BYTE_COUNT} = 240), vmbus-core.md §1.1 and §1.3. */
    public static final int MAX_PAYLOAD_SIZE = 240;
    /** {@code msg_pending}: bit 0 of {@code message_flags}, vmbus-core.md §1.1. */
    public static final int FLAG_MESSAGE_PENDING = 0x1;
    /** {@code msg_pending} as a bit of the 32-bit word at {@link #SIZE_FLAGS_WORD_OFFSET} (little-endian). */
    public static final int WORD_MESSAGE_PENDING = FLAG_MESSAGE_PENDING << 8;
    /** {@code HVMSG_NONE} = 0: the slot is empty (vmbus-core.md §1.1). */
    public static final int MESSAGE_TYPE_NONE = 0;
    /** Message type of VMBus channel messages ({@code HV_MESSAGE_VMBUS} = 1), vmbus-core.md §1.1. */
    public static final int MESSAGE_TYPE_VMBUS = 1;
    /**
     * Bit 31 marks hypervisor-generated message types, which guests may not post (vmbus-core.md §1.1, §1.3;
     * TLFS {@code HV_MESSAGE_TYPE_HYPERVISOR_MASK}).
     */
    public static final int HYPERVISOR_MESSAGE_TYPE_MASK = 0x8000_0000;
    /** HvPostMessage hypercall code 0x005C (vmbus-core.md §1.3). */
    public static final int HVCALL_POST_MESSAGE = 0x005C;
    /** HvSignalEvent hypercall code 0x005D (vmbus-core.md §1.4). */
    public static final int HVCALL_SIGNAL_EVENT = 0x005D;

    /**
     * @param slotBase guest physical address of a slot
     * @return the address of its {@code message_type}
     */
    public static long messageTypeOffset(long slotBase) {
        return slotBase + MESSAGE_TYPE_OFFSET;
    }

    /**
     * @param messageType a message type a guest wants to post
     * @return whether guests may post it (non-zero, bit 31 clear; vmbus-core.md §1.3)
     */
    public static boolean isGuestPostable(int messageType) {
        return messageType != MESSAGE_TYPE_NONE && (messageType & HYPERVISOR_MESSAGE_TYPE_MASK) == 0;
    }
}
