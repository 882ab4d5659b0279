package org.hvref.storage.protocol;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A vstor packet from the peer that {@link VstorPacketCodec} cannot accept. */
public final class MalformedStorvscPacketException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final VstorPacketError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedStorvscPacketException(VstorPacketError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public VstorPacketError reason() {
        return reason;
    }
}
