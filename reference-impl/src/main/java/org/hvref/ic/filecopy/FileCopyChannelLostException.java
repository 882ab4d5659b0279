package org.hvref.ic.filecopy;

import java.io.IOException;

/**
 * The IC channel became unusable while a copy was pending (closed, rescinded, negotiation failed, or no fcopy 1.1):
 * the copy's future fails with this; the guest abandons its partial file (devices-ic-input-video.md §5.2).
 */
public final class FileCopyChannelLostException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long bytesAcknowledged;

    /**
     * Creates the exception.
     *
     * @param message           why, in the {@code what: actual (expected: ...)} grammar
     * @param bytesAcknowledged bytes the guest had acknowledged
     */
    public FileCopyChannelLostException(String message, long bytesAcknowledged) {
        super(message);
        this.bytesAcknowledged = bytesAcknowledged;
    }

    /** @return bytes the guest had acknowledged before the loss (the guest discards them) */
    public long bytesAcknowledged() {
        return bytesAcknowledged;
    }
}
