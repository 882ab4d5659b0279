package org.hvref.channel.host;

/** Where the host's channel messages go: the adapter posts each to the guest's VMBus SINT (vmbus-core.md §1.3). */
@FunctionalInterface
public interface GuestMessageSink {
    /**
     * Posts one encoded channel message to the guest, in order.
     *
     * @param encodedMessage header + body, exactly the message's length (at most 240 bytes)
     */
    void send(byte[] encodedMessage);
}
