package org.hvref.hypervisor;

import org.hvref.memory.GuestMemory;

/** Guest helpers that write hypercall input blocks into guest memory (layouts in {@link HypercallInputDescriptor}). */
public final class HypercallInputs {
    private HypercallInputs() {
    }

    /**
     * Guest helper: writes an HvPostMessage input block.
     *
     * @param memory       guest memory
     * @param gpa          address of the block
     * @param connectionId target connection id
     * @param messageType  message type
     * @param payload      at most 240 bytes (longer payloads are the caller's bug)
     */
    public static void writePostMessageInput(GuestMemory memory, long gpa, int connectionId, int messageType,
            byte[] payload) {
        if (payload.length > HvMessageDescriptor.MAX_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: <= "
                    + HvMessageDescriptor.MAX_PAYLOAD_SIZE + ")");
        }
        memory.fill(gpa, HypercallInputDescriptor.POST_INPUT_SIZE, (byte) 0);
        memory.putInt(gpa + HypercallInputDescriptor.POST_CONNECTION_ID_OFFSET, connectionId);
        memory.putInt(gpa + HypercallInputDescriptor.POST_MESSAGE_TYPE_OFFSET, messageType);
        memory.putInt(gpa + HypercallInputDescriptor.POST_PAYLOAD_SIZE_OFFSET, payload.length);
        memory.write(gpa + HypercallInputDescriptor.POST_PAYLOAD_OFFSET, payload, 0, payload.length);
    }

    /**
     * Guest helper: writes an HvSignalEvent input block.
     *
     * @param memory       guest memory
     * @param gpa          address of the block
     * @param connectionId target connection id
     * @param flagNumber   flag number (u16)
     */
    public static void writeSignalEventInput(GuestMemory memory, long gpa, int connectionId, int flagNumber) {
        memory.putInt(gpa + HypercallInputDescriptor.SIGNAL_CONNECTION_ID_OFFSET, connectionId);
        memory.putShort(gpa + HypercallInputDescriptor.SIGNAL_FLAG_NUMBER_OFFSET, (short) flagNumber);
        memory.putShort(gpa + HypercallInputDescriptor.SIGNAL_RESERVED_OFFSET, (short) 0);
    }
}
