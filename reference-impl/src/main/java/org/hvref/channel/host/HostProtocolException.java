package org.hvref.channel.host;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A guest message the host refused; the host dropped it or answered with the protocol's failure status. */
public final class HostProtocolException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final HostError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public HostProtocolException(HostError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception from an underlying protocol exception (codec, ring or memory).
     *
     * @param reason the reason
     * @param cause  the underlying exception, whose message becomes this one's
     */
    public HostProtocolException(HostError reason, ProtocolException cause) {
        super(cause.getMessage(), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public HostError reason() {
        return reason;
    }
}
