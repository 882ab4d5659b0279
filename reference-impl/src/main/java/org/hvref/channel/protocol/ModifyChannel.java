package org.hvref.channel.protocol;


/** Type 22, 4.1+ (vmbus-core.md §2.2). @param childRelid channel id @param targetVp new interrupt VP */
public record ModifyChannel(int childRelid, int targetVp) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.MODIFYCHANNEL;
    }
}
