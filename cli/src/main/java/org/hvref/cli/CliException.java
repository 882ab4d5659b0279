package org.hvref.cli;

/** A user-facing error: printed as {@code hvref: <message>} and ends the command with {@link ExitCodes#BAD_INPUT}. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message follows {@code what: actual (expected: ...)}. */
    public CliException(String message) {
        super(message);
    }

    /** Creates the error with its cause (never shown to the user, kept for HVREF_DEBUG). */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
