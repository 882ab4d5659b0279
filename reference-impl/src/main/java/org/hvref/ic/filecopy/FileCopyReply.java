package org.hvref.ic.filecopy;

import java.util.Objects;
import java.util.Optional;
import org.hvref.wire.ProtocolException;

/**
 * The guest's answer to one file-copy request: the HRESULT for the IC header and, when it is not S_OK, why.
 *
 * @param status the HRESULT ({@link FileCopyStatus})
 * @param error  the refusal ({@link FileCopyRejectedException} or {@link MalformedFileCopyMessageException}), empty
 *               on success
 */
public record FileCopyReply(int status, Optional<ProtocolException> error) {
    /** The success reply. */
    public static final FileCopyReply OK = new FileCopyReply(FileCopyStatus.S_OK, Optional.empty());

    /** Checks that a failure status carries its error and S_OK carries none. */
    public FileCopyReply {
        Objects.requireNonNull(error, "error");
        if ((status == FileCopyStatus.S_OK) == error.isPresent()) {
            throw new IllegalArgumentException("reply: status=" + FileCopyStatus.name(status) + " error="
                    + error.isPresent() + " (expected: an error exactly when status is not S_OK)");
        }
    }

    /**
     * @param status the failure HRESULT
     * @param error  the cause
     * @return a failure reply
     */
    static FileCopyReply failed(int status, ProtocolException error) {
        return new FileCopyReply(status, Optional.of(error));
    }

    /** @return whether the status is S_OK */
    public boolean ok() {
        return status == FileCopyStatus.S_OK;
    }

    @Override
    public String toString() {
        return FileCopyStatus.name(status) + error.map(e -> ": " + e.getMessage()).orElse("");
    }
}
