package org.hvref.storage.vsc;

/** Why a VSC request failed (devices-net-storage-pci.md §3.8). */
public enum StorvscIoError {
    /** The host answered with an SRB error status (ERROR, ABORTED, INVALID_REQUEST, INTERNAL_ERROR 0x30, ...). */
    SRB_ERROR,
    /** SRB INVALID_LUN (0x20), or the LUN is not (or no longer) present: the VSC sends nothing. */
    INVALID_LUN,
    /** The channel was closed or rescinded before the answer (failed locally). */
    CLOSED,
    /** The controller is not initialized (or initialization failed). */
    NOT_READY,
    /** The host's completion of this request was too short or not a COMPLETE_IO (dropped, request failed). */
    MALFORMED_COMPLETION,
    /** No guest pages left for the data buffer. */
    NO_BUFFER
}
