package org.hvref.cli;

/** Exit statuses of every {@code hvref} command (documented in README.md). */
public final class ExitCodes {
    /** Everything checked passed. */
    public static final int OK = 0;
    /** The command ran but its verdict is negative (a TLC result drifted, the demo failed). */
    public static final int FAILED = 1;
    /** Bad input: usage error, unreadable or malformed file, corrupt ring, overflowing ring. */
    public static final int BAD_INPUT = 2;
    /** A bug in hvref itself (set HVREF_DEBUG=1 for the stack trace). */
    public static final int INTERNAL = 3;
    /** {@code hvref copy}: the guest refused the copy (its status is printed, e.g. ERROR_ALREADY_EXISTS). */
    public static final int REFUSED = 4;

    private ExitCodes() {
    }
}
