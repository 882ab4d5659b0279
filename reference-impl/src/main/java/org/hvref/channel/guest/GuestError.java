package org.hvref.channel.guest;

/**
 * Why the guest dropped a host message (each is a {@link GuestProtocolException#reason()}), with the spec's
 * {@code errs} tag the trace event carries in field {@code err} (VmbusChannel.tla {@code errs}, channel README
 * "Drops").
 */
public enum GuestError {
    /** The message names a relid the guest does not know (or one outside 1..maxRelid). */
    UNKNOWN_RELID("UnknownRelid"),
    /** An offer for a relid, or a (type, instance, sub-channel index) key, that is still live (hazards.md #6). */
    DUPLICATE_RELID("DuplicateRelid"),
    /** The message is not allowed in the channel's or connection's state (double rescind, offer before REQUESTOFFERS, invalid offer). */
    BAD_CHANNEL_STATE("BadChannelState"),
    /** A response nobody is waiting for (VERSION_RESPONSE when not contacting, GPADL_CREATED for no pending GPADL, ...). */
    UNEXPECTED_RESPONSE("UnexpectedResponse"),
    /** A guest-to-host message type, or a type the guest does not handle, sent by the host. */
    UNEXPECTED_MESSAGE("UnexpectedResponse");

    private final String specTag;

    GuestError(String specTag) {
        this.specTag = specTag;
    }

    /** @return the VmbusChannel {@code errs} tag, e.g. {@code "UnknownRelid"} */
    public String specTag() {
        return specTag;
    }
}
