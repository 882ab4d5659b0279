package org.hvref.storage.session;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** The host's answer broke the StorVSC initialization; the VSC is then {@link StorvscGuestState#FAILED}. */
public final class StorvscSessionException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final StorvscSessionError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     * @param cause   the decoding failure, or {@code null}
     */
    public StorvscSessionException(StorvscSessionError reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public StorvscSessionError reason() {
        return reason;
    }
}
