package org.hvref.channel.protocol;


/** Type 24, 5.3+ (vmbus-core.md §2.2). @param childRelid channel id @param status i32 status */
public record ModifyChannelResponse(int childRelid, int status) implements ChannelMessage {

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.MODIFYCHANNEL_RESPONSE;
    }
}
