package org.hvref.storage.vsp;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A guest packet the VSP refused (answered with an error status where the packet asked for an answer). */
public final class StorvscHostException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final StorvscHostError reason;

    /**
     * @param reason  why
     * @param message {@code what: actual (expected: ...)}
     */
    public StorvscHostException(StorvscHostError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public StorvscHostError reason() {
        return reason;
    }
}
