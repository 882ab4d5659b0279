package org.hvref.ic.filecopy;

/** Where a {@link FileCopyHostSession} stands: what it sends next, what it awaits, or how it ended. */
public enum HostCopyState {
    /** START_FILE_COPY is next. */
    SEND_START,
    /** Waiting for the guest's answer to START. */
    AWAIT_START,
    /** A WRITE_TO_FILE is next. */
    SEND_WRITE,
    /** Waiting for the guest's answer to a WRITE. */
    AWAIT_WRITE,
    /** COMPLETE_FCOPY is next. */
    SEND_COMPLETE,
    /** Waiting for the guest's answer to COMPLETE. */
    AWAIT_COMPLETE,
    /** CANCEL_FCOPY is next (asked for, or cleaning up after a failure). */
    SEND_CANCEL,
    /** Waiting for the guest's answer to CANCEL. */
    AWAIT_CANCEL,
    /** The guest confirmed COMPLETE: the file is in place. */
    COMPLETED,
    /** Cancelled on request. */
    CANCELLED,
    /** The guest refused a request, or the host file could not be read. */
    FAILED,
    /** The host went away mid-copy ({@link FileCopyHostSession#disconnect()}). */
    DISCONNECTED;

    /** @return whether the session has ended */
    public boolean terminal() {
        return switch (this) {
            case COMPLETED, CANCELLED, FAILED, DISCONNECTED -> true;
            case SEND_START, AWAIT_START, SEND_WRITE, AWAIT_WRITE, SEND_COMPLETE, AWAIT_COMPLETE, SEND_CANCEL,
                    AWAIT_CANCEL -> false;
        };
    }
}
