package org.hvref.ic.filecopy;

/**
 * Why {@link FileCopyGuestSession} refused a request, with the HRESULT it answers (devices-ic-input-video.md §5.3:
 * E_FAIL for invalid paths, open failures and protocol errors; ALREADY_EXISTS without OVER_WRITE; DISK_FULL).
 */
public enum FileCopyRejection {
    /** WRITE or COMPLETE with no copy in progress (§5.2: answered E_FAIL). */
    NO_SESSION(FileCopyStatus.E_FAIL),
    /** START while a copy is in progress; the copy in progress is abandoned. */
    SESSION_ACTIVE(FileCopyStatus.E_FAIL),
    /** A name or path component that is empty, {@code .}, holds NUL, a backslash or an unpaired surrogate. */
    INVALID_NAME(FileCopyStatus.E_FAIL),
    /** An absolute path ({@code /...}, {@code \...} or a drive letter). */
    ABSOLUTE_PATH(FileCopyStatus.E_FAIL),
    /** A {@code ..} path component. */
    PATH_TRAVERSAL(FileCopyStatus.E_FAIL),
    /** A symbolic link anywhere in the target path, the target included. */
    SYMLINK_IN_PATH(FileCopyStatus.E_FAIL),
    /** A path component is not a directory, or the target is a directory. */
    NOT_A_DIRECTORY(FileCopyStatus.E_FAIL),
    /** A directory of the path is missing and CREATE_PATH is not set. */
    PATH_NOT_FOUND(FileCopyStatus.E_FAIL),
    /** The target exists and OVER_WRITE is not set. */
    ALREADY_EXISTS(FileCopyStatus.ALREADY_EXISTS),
    /** The declared size exceeds the configured limit or the free space. */
    TOO_LARGE(FileCopyStatus.DISK_FULL),
    /** A write whose offset is not the end of the bytes written so far (a gap or an overlap). */
    OUT_OF_ORDER_WRITE(FileCopyStatus.E_FAIL),
    /** A write ending past the declared file size. */
    WRITE_PAST_SIZE(FileCopyStatus.E_FAIL),
    /** COMPLETE before all declared bytes arrived. */
    INCOMPLETE(FileCopyStatus.E_FAIL),
    /** The file system ran out of space. */
    DISK_FULL(FileCopyStatus.DISK_FULL),
    /** Any other file-system failure. */
    IO_ERROR(FileCopyStatus.E_FAIL);

    private final int status;

    FileCopyRejection(int status) {
        this.status = status;
    }

    /** @return the HRESULT answered to the host */
    public int status() {
        return status;
    }
}
