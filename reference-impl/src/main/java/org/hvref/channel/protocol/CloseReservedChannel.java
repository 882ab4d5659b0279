package org.hvref.channel.protocol;


/** Type 19 (vmbus-core.md §2.2; MSVM). @param channelId channel @param targetVp VP for replies @param targetSint SINT for replies */
public record CloseReservedChannel(int channelId, int targetVp, int targetSint) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.CLOSE_RESERVED_CHANNEL;
    }
}
