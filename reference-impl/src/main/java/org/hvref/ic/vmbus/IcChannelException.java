package org.hvref.ic.vmbus;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A VMBus packet an IC channel handler refused; the packet is dropped and the channel keeps working. */
public final class IcChannelException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final IcChannelError reason;

    /**
     * @param reason  why
     * @param message a message in the {@code what: actual (expected: ...)} grammar
     */
    public IcChannelException(IcChannelError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public IcChannelError reason() {
        return reason;
    }
}
