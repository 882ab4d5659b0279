package org.hvref.channel.protocol;


/** Type 4, header only (vmbus-core.md §2.2). */
public record AllOffersDelivered() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.ALLOFFERS_DELIVERED;
    }
}
