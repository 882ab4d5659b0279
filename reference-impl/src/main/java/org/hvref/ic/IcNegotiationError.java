package org.hvref.ic;

/** Why the host's negotiation failed (devices-ic-input-video.md §1.4). */
public enum IcNegotiationError {
    /** The guest answered counts other than 1/1 (0/0 is the Linux/MHV failure answer) or a failure status. */
    NO_COMMON_VERSION,
    /** The guest chose a framework or message version the host did not offer (hazards.md #15, L-UTIL-1). */
    NOT_OFFERED,
    /** The answer was malformed (see {@link org.hvref.ic.protocol.MalformedIcMessageException}). */
    MALFORMED,
    /** No answer before the host's timer fired (a FreeBSD-style guest sends none on failure). */
    TIMEOUT
}
