package org.hvref.channel.protocol;


/** Type 16, header only (vmbus-core.md §2.2). */
public record Unload() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.UNLOAD;
    }
}
