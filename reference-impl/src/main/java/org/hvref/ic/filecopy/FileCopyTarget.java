package org.hvref.ic.filecopy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a copy lands on the guest, split as START_FILE_COPY carries it (devices-ic-input-video.md §5.1: path_name and
 * file_name): a directory relative to the guest's root and a file name. Validation is the guest's (§5.4).
 *
 * @param directory the '/'-separated directory ("" for the root)
 * @param name      the file name
 */
public record FileCopyTarget(String directory, String name) {
    /** Rejects nulls. */
    public FileCopyTarget {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Splits a guest target given as one path (the form a command line takes): the last component is the file name,
     * the rest the directory; an empty target or one ending in '/' names a directory and keeps the host file's name.
     *
     * @param hostFile    the host file (its name is used for a directory target)
     * @param guestTarget e.g. {@code "docs/report.pdf"}, {@code "docs/"} or {@code ""}
     * @return the target
     * @throws IllegalArgumentException if the target names a directory and the host path has no file name
     */
    public static FileCopyTarget parse(Path hostFile, String guestTarget) {
        Objects.requireNonNull(guestTarget, "guestTarget");
        int slash = guestTarget.lastIndexOf('/');
        String directory = slash < 0 ? "" : guestTarget.substring(0, slash);
        String name = guestTarget.substring(slash + 1);
        if (name.isEmpty()) {
            Path fileName = hostFile.getFileName();
            if (fileName == null) {
                throw new IllegalArgumentException("host file: " + hostFile + " (expected: a path with a file name)");
            }
            name = fileName.toString();
        }
        return new FileCopyTarget(directory, name);
    }
}
