package org.hvref.memory;

/** Reasons a guest memory access is refused. */
public enum GuestMemoryError {
    /** The address range is not entirely inside guest memory. */
    OUT_OF_RANGE,
    /** An atomic (acquire/release/volatile) access is not naturally aligned. */
    MISALIGNED
}
