package org.hvref.channel.protocol;


/** Type 20, 4.0+ (vmbus-core.md §2.2). @param channelId channel */
public record CloseReservedResponse(int channelId) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.CLOSE_RESERVED_RESPONSE;
    }
}
