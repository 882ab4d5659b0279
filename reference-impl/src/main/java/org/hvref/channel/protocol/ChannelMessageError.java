package org.hvref.channel.protocol;

/** Why the channel message codec rejects a message (each is a {@link MalformedChannelMessageException#reason()}). */
public enum ChannelMessageError {
    /** Fewer bytes than the 8-byte header (vmbus-core.md §2.0). */
    TOO_SHORT,
    /** A message type with no codec: 0, or above 26 (vmbus-core.md §2.1). */
    UNKNOWN_TYPE,
    /** A message type, or a size variant, newer than the negotiated version (vmbus-core.md §2.1 "min ver"). */
    NOT_AT_VERSION,
    /** A size that is not one of the type's sizes (vmbus-core.md §2.1 size column). */
    BAD_SIZE,
    /** A count out of range: GPADL PFNs or ranges (vmbus-core.md §2.2 GPADL_HEADER, GPADL_BODY). */
    BAD_COUNT,
    /** A field value the message's record rejects (reserved bits, a variant's preconditions, ...). */
    INVALID_FIELD,
    /**
     * A message, or feature bits in it, that needs a Copper feature the connection did not negotiate (vmbus-core.md
     * §2.1 "min ver" column, §2.2 "Copper feature flags": MODIFY_CONNECTION needs 0x4; a VERSION_RESPONSE may only
     * grant requested features).
     */
    FEATURE_NOT_NEGOTIATED
}
