package org.hvref.channel.protocol;

/**
 * A channel-management message (vmbus-core.md §2): one immutable record per type 1–26, each validating its fields
 * in its constructor. {@link ChannelMessageCodec} turns them into bytes and back.
 */
public sealed interface ChannelMessage permits OfferChannel, RescindChannelOffer, RequestOffers,
        AllOffersDelivered, OpenChannel, OpenChannelResult, CloseChannel, GpadlHeader, GpadlBody, GpadlCreated,
        GpadlTeardown, GpadlTorndown, RelidReleased, InitiateContact, VersionResponse, Unload, UnloadResponse,
        OpenReservedChannel, CloseReservedChannel, CloseReservedResponse, TlConnectRequest, ModifyChannel,
        TlConnectResult, ModifyChannelResponse, ModifyConnection, ModifyConnectionResponse {
    /** @return the message type written in the header */
    ChannelMessageType type();
}
