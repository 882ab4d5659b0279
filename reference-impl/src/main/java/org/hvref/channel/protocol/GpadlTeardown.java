package org.hvref.channel.protocol;


/** Type 11 (vmbus-core.md §2.2). @param childRelid channel id @param gpadl handle */
public record GpadlTeardown(int childRelid, int gpadl) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_TEARDOWN;
    }
}
