package org.hvref.channel.protocol;


/** Type 7; there is no reply (vmbus-core.md §2.2). @param childRelid channel id */
public record CloseChannel(int childRelid) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.CLOSECHANNEL;
    }
}
