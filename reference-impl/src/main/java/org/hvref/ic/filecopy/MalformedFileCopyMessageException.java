package org.hvref.ic.filecopy;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/** A file-copy message body from the host that {@link FileCopyMessageCodec} cannot accept. */
public final class MalformedFileCopyMessageException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final FileCopyMessageError reason;

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public MalformedFileCopyMessageException(FileCopyMessageError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public FileCopyMessageError reason() {
        return reason;
    }
}
