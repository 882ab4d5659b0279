package org.hvref.disk;

import java.io.IOException;

/**
 * An image file whose metadata is corrupt or inconsistent (bad cookie or checksum, table entry outside the file,
 * overlapping blocks, truncated file, ...): hvref rejects it with a message of the form
 * {@code "<what>: <actual> (expected: <expected>)"} instead of guessing (devices-net-storage-pci.md §6.1.6, §7).
 */
public class DamagedImageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, e.g. {@code "vhd footer: checksum 0x1234 (expected: 0xabcd)"} */
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
