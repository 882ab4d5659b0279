package org.hvref.channel.protocol;


/** Type 17, header only, 1.1+ (vmbus-core.md §2.1, §2.2). */
public record UnloadResponse() implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.UNLOAD_RESPONSE;
    }
}
