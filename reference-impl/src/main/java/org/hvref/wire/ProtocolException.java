package org.hvref.wire;

/**
 * Base of every exception caused by bad input from the peer (hostile or corrupt wire or shared-memory contents).
 *
 * <p>Each subclass carries an enum {@link #reason()} so callers and tests can tell failures apart without parsing
 * messages. Messages follow the grammar {@code what: actual (expected: ...)}. Caller bugs are never reported with
 * this type; they are {@link IllegalArgumentException} or {@link IllegalStateException}.
 */
public abstract class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message in the {@code what: actual (expected: ...)} grammar.
     *
     * @param message the message
     */
    protected ProtocolException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message the message
     * @param cause   the underlying cause
     */
    protected ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The machine-readable reason; subclasses narrow the return type to their own enum.
     *
     * @return the reason, never {@code null}
     */
    public abstract Enum<?> reason();
}
