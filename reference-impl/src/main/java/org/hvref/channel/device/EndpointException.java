package org.hvref.channel.device;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/**
 * A packet a {@link ChannelEndpoint} cannot accept from its peer, e.g. {@code completion transaction id: 7 (expected:
 * one of 3 outstanding requests)}, or the failure of the endpoint itself (with the corrupt-ring exception as cause).
 */
public final class EndpointException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final EndpointError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public EndpointException(EndpointError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     * @param cause   what made the endpoint fail
     */
    public EndpointException(EndpointError reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public EndpointError reason() {
        return reason;
    }
}
