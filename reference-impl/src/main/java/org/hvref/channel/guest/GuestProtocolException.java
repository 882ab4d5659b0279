package org.hvref.channel.guest;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A well-formed host message the guest must not accept in its current state; the message was dropped. */
public final class GuestProtocolException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final GuestError reason;

    /**
     * @param reason  why the message was dropped
     * @param message text in the {@code what: actual (expected: ...)} grammar
     */
    public GuestProtocolException(GuestError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public GuestError reason() {
        return reason;
    }
}
