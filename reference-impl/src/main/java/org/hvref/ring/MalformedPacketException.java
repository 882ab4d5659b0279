package org.hvref.ring;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A packet whose framing is sound but whose type-specific contents are invalid, from {@link PacketCodec}. */
public final class MalformedPacketException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final PacketError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedPacketException(PacketError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public PacketError reason() {
        return reason;
    }
}
