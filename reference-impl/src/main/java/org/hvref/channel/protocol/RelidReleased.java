package org.hvref.channel.protocol;


/** Type 13 (vmbus-core.md §2.2). @param childRelid channel id */
public record RelidReleased(int childRelid) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.RELID_RELEASED;
    }
}
