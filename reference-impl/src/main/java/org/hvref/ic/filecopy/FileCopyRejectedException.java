package org.hvref.ic.filecopy;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A well-formed file-copy request that {@link FileCopyGuestSession} refuses (bad path, wrong state, I/O error). */
public final class FileCopyRejectedException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final FileCopyRejection reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public FileCopyRejectedException(FileCopyRejection reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     * @param cause   the underlying cause
     */
    public FileCopyRejectedException(FileCopyRejection reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public FileCopyRejection reason() {
        return reason;
    }

    /** @return the HRESULT answered to the host */
    public int status() {
        return reason.status();
    }
}
