package org.hvref.ic.shutdown;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A shutdown payload from the host that {@link ShutdownMessageCodec} cannot accept. */
public final class MalformedShutdownMessageException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final ShutdownMessageError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedShutdownMessageException(ShutdownMessageError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ShutdownMessageError reason() {
        return reason;
    }
}
