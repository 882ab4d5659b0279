package org.hvref.ic.timesync;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A time-sync payload from the host that the codec or the guest daemon cannot accept. */
public final class MalformedTimeSyncMessageException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final TimeSyncMessageError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedTimeSyncMessageException(TimeSyncMessageError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public TimeSyncMessageError reason() {
        return reason;
    }
}
