package org.hvref.hypervisor;

import java.util.Arrays;

/**
 * A copy of a SynIC message slot taken by the guest (vmbus-core.md §1.1: copy the slot out before using it).
 *
 * @param messageType    {@code message_type} (non-zero)
 * @param messagePending whether {@code msg_pending} was set when the copy was taken
 * @param portId         {@code sender / port_id}
 * @param payload        the {@code payload_size} valid payload bytes (a copy)
 */
public record SynicMessage(int messageType, boolean messagePending, long portId, byte[] payload) {
    /** Copies the payload so the record owns it. */
    public SynicMessage {
        payload = payload.clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return {@code payload_size} */
    public int payloadSize() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SynicMessage m && m.messageType == messageType && m.messagePending == messagePending
                && m.portId == portId && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(messageType) + Long.hashCode(portId)) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SynicMessage[type=" + messageType + ", pending=" + messagePending + ", port=" + portId + ", size="
                + payload.length + "]";
    }
}
