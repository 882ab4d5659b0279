package org.hvref.ic;

/** What a guest family answers when negotiation fails (devices-ic-input-video.md §1.4). */
public enum IcFailureAnswer {
    /** Counts 0/0, status untouched (Linux vmbus_prep_negotiate_resp). */
    ZERO_COUNTS,
    /** Counts 0/0 and status E_FAIL (MacHyperVSupport processNegotiationResponse; hvref's recommendation). */
    ZERO_COUNTS_E_FAIL,
    /** No response at all (FreeBSD vmbus_ic_negomsg callers return on error). */
    NO_RESPONSE
}
