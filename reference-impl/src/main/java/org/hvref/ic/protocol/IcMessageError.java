package org.hvref.ic.protocol;

/** Why {@link IcCodec} rejects an IC packet (each is a {@link MalformedIcMessageException#reason()}). */
public enum IcMessageError {
    /** Fewer bytes than the 28-byte pipe + IC header, or than a NEGOTIATE's counts need (ic §1.2, §1.4). */
    TOO_SHORT,
    /** A pipe packet type other than DATA (1) (ic §1.2; OVMM vmbus_async PIPE_PACKET_TYPE_DATA). */
    BAD_PIPE_TYPE,
    /** A pipe msgsize or icmsgsize that does not fit the packet or each other (ic §1.2). */
    BAD_SIZE,
    /** A version count above the limit or versions that overrun icmsgsize or the packet (ic §1.4). */
    BAD_COUNT,
    /** A message of another type than the decoder expects (ic §1.3). */
    WRONG_TYPE,
    /**
     * icflags or ictransaction_id that do not fit the direction: a host request without TRANSACTION|REQUEST, a
     * response without TRANSACTION|RESPONSE or with a transaction id other than the request's (ic §1.2; OVMM
     * common.rs read_response).
     */
    BAD_FLAGS,
    /** A response while the host has no request outstanding (ic §1.7: one outstanding request per channel). */
    UNEXPECTED
}
