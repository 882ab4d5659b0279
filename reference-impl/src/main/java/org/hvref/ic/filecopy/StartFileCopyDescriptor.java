package org.hvref.ic.filecopy;

/**
 * Layout of the START_FILE_COPY body {@code hv_start_fcopy}, 1088 bytes after the IC header (devices-ic-input-video.md
 * §5.1; L-uapi struct hv_start_fcopy; MHV HyperVFileCopyMessageStartCopy). Offsets relative to the body.
 *
 * <pre>
 *   0          36                     556                    1076         1080          1088
 *   +----------+----------------------+----------------------+------------+-------------+
 *   | fcopy hdr| file_name 260 x u16  | path_name 260 x u16  | copy_flags | file_size   |
 *   |          | UTF-16LE, NUL-term.  | UTF-16LE, NUL-term.  | u32        | u64         |
 *   +----------+----------------------+----------------------+------------+-------------+
 * </pre>
 */
public final class StartFileCopyDescriptor {
    /** W_MAX_PATH: UTF-16 code units per name field, NUL included (L-uapi W_MAX_PATH; MHV kHyperVFileCopyMaxPath). */
    public static final int MAX_PATH_UNITS = 260;
    /** Offset of {@code file_name}. */
    public static final int FILE_NAME_OFFSET = FileCopyHeaderDescriptor.HEADER_LENGTH;
    /** Length in bytes of a name field. */
    public static final int NAME_LENGTH = MAX_PATH_UNITS * 2;
    /** Offset of {@code path_name}. */
    public static final int PATH_NAME_OFFSET = FILE_NAME_OFFSET + NAME_LENGTH;
    /** Offset of {@code copy_flags} (u32). */
    public static final int COPY_FLAGS_OFFSET = PATH_NAME_OFFSET + NAME_LENGTH;
    /** Length of {@code copy_flags}. */
    public static final int COPY_FLAGS_LENGTH = 4;
    /** Offset of {@code file_size} (u64). */
    public static final int FILE_SIZE_OFFSET = COPY_FLAGS_OFFSET + COPY_FLAGS_LENGTH;
    /** Length of {@code file_size}. */
    public static final int FILE_SIZE_LENGTH = 8;
    /** Body length (1088). */
    public static final int ENCODED_LENGTH = FILE_SIZE_OFFSET + FILE_SIZE_LENGTH;

    private StartFileCopyDescriptor() {
    }

    /** @return offset of {@code file_name} */
    public static int fileNameOffset() {
        return FILE_NAME_OFFSET;
    }

    /** @return offset of {@code path_name} */
    public static int pathNameOffset() {
        return PATH_NAME_OFFSET;
    }

    /** @return offset of {@code copy_flags} */
    public static int copyFlagsOffset() {
        return COPY_FLAGS_OFFSET;
    }

    /** @return offset of {@code file_size} */
    public static int fileSizeOffset() {
        return FILE_SIZE_OFFSET;
    }

    /** @return length of each name field in bytes */
    public static int nameLength() {
        return NAME_LENGTH;
    }

    /** @return length of {@code copy_flags} */
    public static int copyFlagsLength() {
        return COPY_FLAGS_LENGTH;
    }

    /** @return length of {@code file_size} */
    public static int fileSizeLength() {
        return FILE_SIZE_LENGTH;
    }
}
