package org.hvref.ic.filecopy;

/** Why {@link FileCopyMessageCodec} refused a file-copy message body. */
public enum FileCopyMessageError {
    /** The body is shorter or longer than its operation's layout allows. */
    BAD_LENGTH,
    /** The operation code is not 0..3. */
    UNKNOWN_OPERATION,
    /** A 260-unit name field holds no NUL terminator. */
    UNTERMINATED_NAME,
    /** A name field holds an unpaired UTF-16 surrogate. */
    INVALID_UTF16,
    /** {@code copy_flags} has bits other than OVER_WRITE and CREATE_PATH. */
    UNKNOWN_FLAGS,
    /** {@code file_size} or the write {@code offset} is negative as a signed 64-bit value. */
    BAD_SIZE,
    /** The write {@code size} exceeds 6144 or the bytes received. */
    BAD_DATA_SIZE,
    /** The 4-byte pad before the write offset is not zero (sign of the old unpadded layout). */
    NONZERO_PADDING,
    /** The IC header's message version is not fcopy 1.1 (devices-ic-input-video.md §1.5). */
    BAD_VERSION
}
