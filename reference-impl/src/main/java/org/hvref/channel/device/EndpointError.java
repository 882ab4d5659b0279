package org.hvref.channel.device;

/** Why a {@link ChannelEndpoint} rejected a packet or failed (each is an {@link EndpointException#reason()}). */
public enum EndpointError {
    /** A completion whose transaction id was never allocated by this endpoint (vmbus-core.md §7.4). */
    UNKNOWN_TRANSACTION_ID,
    /** A completion for a request that was already completed (vmbus-core.md §7.4). */
    DUPLICATE_COMPLETION,
    /** The endpoint failed earlier (a corrupt ring or a handler bug); it accepts nothing until it is replaced. */
    ENDPOINT_FAILED,
    /** The channel was closed (by the guest, a rescind or an unload) while sends or requests were pending. */
    CHANNEL_CLOSED
}
