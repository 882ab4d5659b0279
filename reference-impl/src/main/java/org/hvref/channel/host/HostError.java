package org.hvref.channel.host;

/** Why the host refused a guest message (each is a {@link HostProtocolException#reason()}). */
public enum HostError {
    /** The relid names no channel offered to the guest (spec errs tag {@code UnknownRelid}). */
    UNKNOWN_RELID("UnknownRelid"),
    /** GPADL_HEADER with a handle that is still live (spec {@code DuplicateGpadlId}; vmbus-core.md §5). */
    DUPLICATE_GPADL_ID("DuplicateGpadlId"),
    /** A body, teardown or open naming a GPADL that is not in the needed state (spec {@code UnknownGpadl}). */
    UNKNOWN_GPADL("UnknownGpadl"),
    /** RELID_RELEASED for a channel that is not rescinded (spec {@code ReleaseNotRevoked}). */
    RELEASE_NOT_REVOKED("ReleaseNotRevoked"),
    /** A message the channel's or connection's state does not allow (spec {@code BadChannelState}). */
    BAD_CHANNEL_STATE("BadChannelState"),
    /** A GPADL whose range buffer is invalid (vmbus-core.md §5 "Validation at completion"). */
    BAD_GPADL("BadGpadl"),
    /** OPENCHANNEL parameters the host cannot honour: ring split, target VP, ring memory (vmbus-core.md §5). */
    BAD_OPEN("BadOpen"),
    /** MODIFYCHANNEL with a target VP the host cannot honour (vmbus-core.md §4.3 table). */
    BAD_MODIFY("BadModify"),
    /** INITIATE_CONTACT fields the host refuses: interrupt page, monitor pages, target VP, SINT (§2.2, §4.3). */
    BAD_CONTACT("BadContact"),
    /** A message posted on a connection id the host does not take it on (vmbus-core.md §1.5). */
    BAD_CONNECTION_ID("BadConnectionId"),
    /** Bytes the channel message codec rejects (vmbus-core.md §2). */
    MALFORMED("Malformed"),
    /** A well-formed message the host never accepts from a guest (host-to-guest or unsupported types, §2.1). */
    UNEXPECTED_MESSAGE("UnexpectedMessage");

    private final String specTag;

    HostError(String specTag) {
        this.specTag = specTag;
    }

    /** @return the {@code err} field of the trace event: the spec's errs tag where the spec has one */
    public String specTag() {
        return specTag;
    }
}
