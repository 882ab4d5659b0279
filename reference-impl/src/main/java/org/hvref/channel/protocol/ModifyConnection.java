package org.hvref.channel.protocol;


/** Type 25, 6.0 + feature 0x4 (vmbus-core.md §2.2). @param parentToChildMonitorPage GPA @param childToParentMonitorPage GPA */
public record ModifyConnection(long parentToChildMonitorPage, long childToParentMonitorPage) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.MODIFY_CONNECTION;
    }
}
