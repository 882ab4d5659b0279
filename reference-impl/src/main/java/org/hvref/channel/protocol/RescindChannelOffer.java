package org.hvref.channel.protocol;


/** Type 2, host withdraws an offer (vmbus-core.md §2.2). @param childRelid channel id */
public record RescindChannelOffer(int childRelid) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.RESCIND_CHANNELOFFER;
    }
}
