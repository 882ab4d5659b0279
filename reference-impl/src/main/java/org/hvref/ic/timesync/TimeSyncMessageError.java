package org.hvref.ic.timesync;

/** Why a time-sync payload was refused. */
public enum TimeSyncMessageError {
    /** Fewer bytes than the negotiated version's layout (ic §4.2, §12.1: 25 or 22 payload bytes). */
    TOO_SHORT,
    /** A flags byte with bits other than SYNC and SAMPLE (hvref hardening). */
    UNKNOWN_FLAGS,
    /** parenttime before 1970, or a host time that does not fit nanoseconds since 1970 in 64 bits. */
    TIME_OUT_OF_RANGE,
    /** vmreferencetime ahead of the guest's reference counter, or older than the allowed age. */
    BAD_REFERENCE_TIME
}
