package org.hvref.ic.filecopy;

/**
 * HRESULTs a file-copy guest places in the IC header {@code status} (devices-ic-input-video.md §1.6, §5.3; L-uapi
 * HV_*; MHV kHyperVStatus*). An open set: {@link #name(int)} never throws.
 */
public final class FileCopyStatus {
    /** HV_S_OK = 0x00000000. */
    public static final int S_OK = 0x00000000;
    /** HV_E_FAIL = 0x80004005: generic failure, invalid path, open failure, protocol error. */
    public static final int E_FAIL = 0x80004005;
    /** HV_ERROR_ALREADY_EXISTS = 0x80070050: target exists and OVER_WRITE is not set. */
    public static final int ALREADY_EXISTS = 0x80070050;
    /** HV_ERROR_DISK_FULL = 0x80070070: no space (newer L-uapi; MHV kHyperVStatusDiskFull). */
    public static final int DISK_FULL = 0x80070070;

    private FileCopyStatus() {
    }

    /**
     * @param status an HRESULT
     * @return {@code NAME(0x........)} or {@code UNKNOWN(0x........)}
     */
    public static String name(int status) {
        String n = switch (status) {
            case S_OK -> "S_OK";
            case E_FAIL -> "E_FAIL";
            case ALREADY_EXISTS -> "ALREADY_EXISTS";
            case DISK_FULL -> "DISK_FULL";
            default -> "UNKNOWN";
        };
        return n + String.format("(0x%08x)", status);
    }
}
