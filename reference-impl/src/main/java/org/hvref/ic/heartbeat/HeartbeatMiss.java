package org.hvref.ic.heartbeat;

/**
 * One missed heartbeat.
 *
 * @param sequence    the host's sequence number of the heartbeat that was missed
 * @param reason      how it was missed
 * @param consecutive misses in a row, this one included
 * @param atNanos     the host clock when it was detected
 */
public record HeartbeatMiss(long sequence, Reason reason, int consecutive, long atNanos) {
    /** How a heartbeat was missed. */
    public enum Reason {
        /** The next tick came while the heartbeat was still unanswered (or not even sent). */
        UNANSWERED,
        /** The answer carried another sequence number than N + 1 (ic §2). */
        WRONG_SEQUENCE,
        /** The answer's status was not S_OK (e.g. E_FAIL: no heartbeat daemon, hazards.md M11). */
        REFUSED
    }
}
