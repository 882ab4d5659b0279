package org.hvref.storage.session;

/** The VSP's initialization states (devices-net-storage-pci.md §3.4; OVMM-STOR {@code process_primary}). */
public enum StorvscHostState {
    /** Waiting for BEGIN_INITIALIZATION. */
    BEGIN,
    /** Waiting for an acceptable QUERY_PROTOCOL_VERSION (a refused one keeps this state). */
    QUERY_VERSION,
    /** Waiting for QUERY_PROPERTIES. */
    QUERY_PROPERTIES,
    /** Waiting for END_INITIALIZATION (CREATE_SUB_CHANNELS and, on FC, FCHBA_DATA allowed). */
    END_INITIALIZATION,
    /** Initialized: I/O, resets and CREATE_SUB_CHANNELS. */
    READY
}
