package org.hvref.disk;

import java.io.IOException;

/** A disk image whose on-disk structures are invalid (bad checksum, bad offsets, overlaps): it is refused. */
public class DamagedImageException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, e.g. {@code vhdx header 1: checksum 0x1234 (expected: 0x5678)}
     */
    public DamagedImageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause   the underlying failure
     */
    public DamagedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
