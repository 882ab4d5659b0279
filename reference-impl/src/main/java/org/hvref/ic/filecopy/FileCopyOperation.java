package org.hvref.ic.filecopy;

/**
 * The {@code operation} field of the file-copy header (devices-ic-input-video.md §5.1; L-uapi enum hv_fcopy_op;
 * MHV HyperVFileCopyRegsUser.h).
 */
public enum FileCopyOperation {
    /** START_FILE_COPY = 0. */
    START_FILE_COPY(0),
    /** WRITE_TO_FILE = 1. */
    WRITE_TO_FILE(1),
    /** COMPLETE_FCOPY = 2. */
    COMPLETE_FCOPY(2),
    /** CANCEL_FCOPY = 3. */
    CANCEL_FCOPY(3);

    private final int code;

    FileCopyOperation(int code) {
        this.code = code;
    }

    /** @return the wire code */
    public int code() {
        return code;
    }

    /**
     * Maps a wire code received from the host.
     *
     * @param code the raw u32 operation
     * @return the operation
     * @throws MalformedFileCopyMessageException if the code is not 0..3
     */
    public static FileCopyOperation fromCode(int code) {
        for (FileCopyOperation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new MalformedFileCopyMessageException(FileCopyMessageError.UNKNOWN_OPERATION,
                "fcopy operation: " + Integer.toUnsignedString(code) + " (expected: 0..3)");
    }
}
