package org.hvref.channel.guest;

/**
 * The client's connection states (VmbusChannel.tla {@code gconn}; vmbus-core.md §4.1, §4.4 OpenVMM client states).
 *
 * <pre>
 * IDLE -connect-> CONTACTING -accepted-> CONNECTED -requestOffers-> REQUESTING -ALLOFFERS-> READY
 *                 CONTACTING -refused, older version left-> CONTACTING;  -none left-> FAILED
 * READY -unload-> UNLOADING -UNLOAD_RESPONSE-> UNLOADED
 * FAILED | UNLOADED -connect-> CONTACTING
 * </pre>
 */
public enum ConnectionState {
    /** Nothing sent yet. */
    IDLE,
    /** INITIATE_CONTACT sent, waiting for VERSION_RESPONSE. */
    CONTACTING,
    /** A version was accepted; offers not requested yet. */
    CONNECTED,
    /** REQUESTOFFERS sent, waiting for ALLOFFERS_DELIVERED. */
    REQUESTING,
    /** All initial offers delivered: channels may be used. */
    READY,
    /** UNLOAD sent: every message but UNLOAD_RESPONSE is dropped. */
    UNLOADING,
    /** UNLOAD_RESPONSE received: every channel and GPADL is gone; may connect again. */
    UNLOADED,
    /** Every version was refused; may connect again. */
    FAILED
}
