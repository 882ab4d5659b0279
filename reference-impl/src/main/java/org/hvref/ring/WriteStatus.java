package org.hvref.ring;

/** Outcome of {@link RingWriter#tryWrite}: back-pressure is a return value, never an exception. */
public enum WriteStatus {
    /** The packet was written and published; the reader needs no signal. */
    WRITTEN,
    /** The packet was written and published, and the ring went empty → non-empty with interrupts unmasked: the
     * caller must signal the reader (raise its {@link RingDoorbell}). */
    WRITTEN_SIGNAL,
    /** Not enough free space (one 8-byte slot always stays free); nothing was written. */
    FULL;

    /** @return whether the packet was written */
    public boolean written() {
        return this != FULL;
    }

    /** @return whether the caller must signal the reader */
    public boolean signal() {
        return this == WRITTEN_SIGNAL;
    }
}
