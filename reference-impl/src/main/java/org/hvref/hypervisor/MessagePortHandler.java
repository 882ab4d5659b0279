package org.hvref.hypervisor;

/** The host's receiver of guest HvPostMessage calls on one connection id; called as a {@link Side#HOST} task. */
@FunctionalInterface
public interface MessagePortHandler {
    /**
     * @param connectionId the connection id the guest posted to
     * @param messageType  the message type (non-zero, bit 31 clear)
     * @param payload      a copy of the payload (at most 240 bytes), owned by the handler
     */
    void onMessage(int connectionId, int messageType, byte[] payload);
}
