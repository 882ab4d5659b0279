package org.hvref.channel.protocol;


/** Type 26, 6.0 + feature 0x4 (vmbus-core.md §2.2). @param connectionState u8 */
public record ModifyConnectionResponse(int connectionState) implements ChannelMessage {
    /** Validates. */
    public ModifyConnectionResponse {
        Checks.u8("connection state", connectionState);
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.MODIFY_CONNECTION_RESPONSE;
    }
}
