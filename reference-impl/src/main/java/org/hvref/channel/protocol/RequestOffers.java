package org.hvref.channel.protocol;


/** Type 3, header only (vmbus-core.md §2.2). */
public record RequestOffers() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.REQUESTOFFERS;
    }
}
