package org.hvref.channel.protocol;


/** Type 6 (vmbus-core.md §2.2). @param childRelid channel id @param openId echoed open id @param status 0 = success */
public record OpenChannelResult(int childRelid, int openId, int status) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OPENCHANNEL_RESULT;
    }
}
