package org.hvref.channel.protocol;


/** Type 18, 4.0+ (vmbus-core.md §2.2; MSVM). @param channelId channel @param targetVp VP for replies @param targetSint SINT for replies @param ringGpadl ring GPADL @param downstreamPageOffset guest-inbound ring start in pages */
public record OpenReservedChannel(int channelId, int targetVp, int targetSint, int ringGpadl, int downstreamPageOffset) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OPEN_RESERVED_CHANNEL;
    }
}
