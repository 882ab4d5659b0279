package org.hvref.storage.session;

/** The VSC's initialization states, Linux order (devices-net-storage-pci.md §3.4; L-STOR storvsc_channel_init). */
public enum StorvscGuestState {
    /** Nothing sent yet. */
    IDLE,
    /** BEGIN_INITIALIZATION sent. */
    AWAIT_BEGIN,
    /** A QUERY_PROTOCOL_VERSION sent. */
    AWAIT_VERSION,
    /** QUERY_PROPERTIES sent. */
    AWAIT_PROPERTIES,
    /** END_INITIALIZATION sent. */
    AWAIT_END,
    /** CREATE_SUB_CHANNELS sent. */
    AWAIT_SUB_CHANNELS,
    /** Initialized. */
    READY,
    /** Initialization failed; the device is not usable. */
    FAILED
}
