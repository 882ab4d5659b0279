package org.hvref.channel.protocol;


/** Type 10 (vmbus-core.md §2.2). @param childRelid channel id @param gpadl handle @param creationStatus 0 = success */
public record GpadlCreated(int childRelid, int gpadl, int creationStatus) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_CREATED;
    }
}
