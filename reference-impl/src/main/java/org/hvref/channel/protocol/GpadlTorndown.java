package org.hvref.channel.protocol;


/** Type 12, matched by handle only (vmbus-core.md §2.2). @param gpadl handle */
public record GpadlTorndown(int gpadl) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_TORNDOWN;
    }
}
