package org.hvref.channel.device;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/**
 * A packet the {@link EchoDevice} cannot echo, or an echo the {@link EchoClient} cannot accept, e.g. {@code echo
 * length: 9000 bytes (expected: <= 4056)}.
 */
public final class EchoRejectedException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final EchoError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public EchoRejectedException(EchoError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public EchoError reason() {
        return reason;
    }
}
