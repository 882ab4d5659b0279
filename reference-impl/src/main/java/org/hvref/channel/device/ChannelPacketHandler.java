package org.hvref.channel.device;

import org.hvref.ring.VmbusPacket;
import org.hvref.wire.ProtocolException;

/**
 * Receives the packets of a {@link ChannelEndpoint} that are not completions of its own requests, in ring order, on
 * the thread that called {@link ChannelEndpoint#onInterrupt()}. Must not block: answer with the endpoint's
 * asynchronous sends ({@link ChannelEndpoint#send}, {@link ChannelEndpoint#complete}).
 */
@FunctionalInterface
public interface ChannelPacketHandler {
    /**
     * Handles one packet. A {@link ProtocolException} thrown here (a payload the device rejects) is recorded as a
     * protocol error of the endpoint, which keeps working.
     *
     * @param endpoint the endpoint that received the packet (to answer on)
     * @param packet   the decoded packet; a packet that asks for a completion has
     *                 {@link VmbusPacket#completionRequested()} set
     */
    void onPacket(ChannelEndpoint endpoint, VmbusPacket packet);

    /**
     * Told about every protocol error the endpoint recorded and ignored (malformed packets, unexpected completions,
     * payloads the handler rejected). Does nothing by default.
     *
     * @param endpoint the endpoint
     * @param error    the error
     */
    default void onProtocolError(ChannelEndpoint endpoint, ProtocolException error) {
    }

    /**
     * Whether this handler matches completions itself: then every completion packet (VM_PKT_COMP) goes to {@link
     * #onPacket} in ring order instead of to the endpoint's own request table, for drivers that keep their own table
     * of transaction ids and send with {@link ChannelEndpoint#send} (e.g. StorVSC's slot ids 1..K reused after
     * completion, devices-net-storage-pci.md §3.5, §3.9). False by default.
     *
     * @return whether completions are delivered to {@link #onPacket}
     */
    default boolean handlesCompletions() {
        return false;
    }
}
