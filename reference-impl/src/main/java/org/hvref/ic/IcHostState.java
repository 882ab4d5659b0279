package org.hvref.ic;

/** Host IC channel state (devices-ic-input-video.md §1.7 host side: SendVersion → WaitVersion → Ready ⇄ WaitResponse). */
public enum IcHostState {
    /** Nothing sent yet. */
    IDLE,
    /** NEGOTIATE sent, waiting for the answer. */
    WAIT_VERSION,
    /** Negotiated, no request outstanding. */
    READY,
    /** One request outstanding (never more, ic §1.7). */
    WAIT_RESPONSE,
    /** Negotiation failed or timed out: the channel is unusable (ic §1.4 host step 2). */
    FAILED
}
