package org.hvref.ic.heartbeat;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A heartbeat payload the guest refuses (answered E_FAIL by the IC client). */
public final class HeartbeatException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final HeartbeatError reason;

    /**
     * @param reason  why
     * @param message a message in the {@code what: actual (expected: ...)} grammar
     */
    public HeartbeatException(HeartbeatError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public HeartbeatError reason() {
        return reason;
    }
}
