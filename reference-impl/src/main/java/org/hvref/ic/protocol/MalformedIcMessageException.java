package org.hvref.ic.protocol;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** An IC packet from the peer that {@link IcCodec} cannot accept. */
public final class MalformedIcMessageException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final IcMessageError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedIcMessageException(IcMessageError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public IcMessageError reason() {
        return reason;
    }
}
