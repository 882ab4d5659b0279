package org.hvref.channel.host;

/**
 * Host state of an offered channel (spec/src/tla/channel/README.md "Host channel states"; vmbus-core.md §4.3): a
 * relid with no channel, or whose channel the guest has not been offered, is the spec's {@code free}.
 */
public enum HostChannelState {
    /** Offered to the guest and not open (spec {@code closed}). */
    CLOSED,
    /** OPENCHANNEL accepted, the device has not answered yet (spec {@code opening}). */
    OPENING,
    /** Open (spec {@code open}). */
    OPEN,
    /** Rescinded; only RELID_RELEASED frees the relid (spec {@code revoked}). */
    REVOKED
}
