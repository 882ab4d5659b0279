package org.hvref.ic.filecopy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the guest file-copy daemon.
 *
 * @param root        the directory every copied file lands under (must exist; symbolic links in it are resolved
 *                    once, at session creation)
 * @param maxFileSize the largest declared file size accepted; larger ones get DISK_FULL
 */
public record FileCopyGuestConfig(Path root, long maxFileSize) {
    /** Validates the fields. */
    public FileCopyGuestConfig {
        Objects.requireNonNull(root, "root");
        if (maxFileSize < 0) {
            throw new IllegalArgumentException("maxFileSize: " + maxFileSize + " (expected: >= 0)");
        }
    }

    /**
     * @param root the root directory
     * @return a configuration with no size limit other than free space
     */
    public static FileCopyGuestConfig of(Path root) {
        return new FileCopyGuestConfig(root, Long.MAX_VALUE);
    }
}
