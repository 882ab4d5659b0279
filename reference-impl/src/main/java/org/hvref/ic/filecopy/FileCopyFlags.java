package org.hvref.ic.filecopy;

/**
 * The {@code copy_flags} bits of START_FILE_COPY (devices-ic-input-video.md §5.1; L-uapi OVER_WRITE/CREATE_PATH;
 * MHV kHyperVFileCopyMessageFlags*).
 */
public final class FileCopyFlags {
    /** OVER_WRITE = 0x1: replace an existing target file. */
    public static final int OVERWRITE = 0x1;
    /** CREATE_PATH = 0x2: create missing directories of the target path. */
    public static final int CREATE_PATH = 0x2;
    /** Every defined bit. */
    public static final int ALL = OVERWRITE | CREATE_PATH;

    private FileCopyFlags() {
    }

    /**
     * @param flags the flags
     * @return whether OVER_WRITE is set
     */
    public static boolean overwrite(int flags) {
        return (flags & OVERWRITE) != 0;
    }

    /**
     * @param flags the flags
     * @return whether CREATE_PATH is set
     */
    public static boolean createPath(int flags) {
        return (flags & CREATE_PATH) != 0;
    }
}
