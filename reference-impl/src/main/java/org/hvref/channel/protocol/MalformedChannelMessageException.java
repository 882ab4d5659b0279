package org.hvref.channel.protocol;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A channel-management message from the peer that {@link ChannelMessageCodec} cannot accept. */
public final class MalformedChannelMessageException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final ChannelMessageError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedChannelMessageException(ChannelMessageError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ChannelMessageError reason() {
        return reason;
    }
}
