package org.hvref.channel.guest;

/**
 * Where the guest's channel messages go: the adapter posts them with HvPostMessage (vmbus-core.md §1.3) on the given
 * connection id, message type 1.
 */
@FunctionalInterface
public interface HostMessageSink {
    /**
     * Posts one encoded channel message (header + body, at most 240 bytes).
     *
     * @param connectionId   the message connection id (vmbus-core.md §1.5: 4 for INITIATE_CONTACT from 5.0, else 1
     *                       or the id the host returned)
     * @param encodedMessage the message bytes; the sink may keep the array
     * @return {@code true} if the hypervisor accepted it, {@code false} for HV_STATUS_INVALID_CONNECTION_ID (no port
     *     with that id; for INITIATE_CONTACT the client then tries the next older version, vmbus-core.md §1.3).
     *     Transient statuses (INSUFFICIENT_MEMORY/BUFFERS) are retried by the adapter, never reported here.
     */
    boolean post(int connectionId, byte[] encodedMessage);
}
