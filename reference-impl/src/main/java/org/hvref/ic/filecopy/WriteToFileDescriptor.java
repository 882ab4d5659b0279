package org.hvref.ic.filecopy;

/**
 * Layout of the WRITE_TO_FILE body {@code hv_do_fcopy}, at most 6196 bytes after the IC header
 * (devices-ic-input-video.md §5.1; newer L-uapi struct hv_do_fcopy with {@code pad}; MHV
 * HyperVFileCopyMessageDataFragment {@code reserved}). Older uapi copies lack the pad (offset at 36) and are
 * outdated; a non-zero pad is refused because it is what the unpadded layout would put there.
 *
 * <pre>
 *   0          36      40            48         52                         6196
 *   +----------+-------+-------------+----------+--------------------------+
 *   | fcopy hdr| pad 0 | offset u64  | size u32 | data (size valid bytes)  |
 *   +----------+-------+-------------+----------+--------------------------+
 * </pre>
 */
public final class WriteToFileDescriptor {
    /** DATA_FRAGMENT: the most data bytes per write (L-uapi DATA_FRAGMENT; MHV kHyperVFileCopyFragmentSize). */
    public static final int MAX_DATA_LENGTH = 6 * 1024;
    /** Offset of {@code pad} (u32, zero). */
    public static final int PAD_OFFSET = FileCopyHeaderDescriptor.HEADER_LENGTH;
    /** Length of {@code pad}. */
    public static final int PAD_LENGTH = 4;
    /** Offset of {@code offset} (u64). */
    public static final int OFFSET_OFFSET = PAD_OFFSET + PAD_LENGTH;
    /** Length of {@code offset}. */
    public static final int OFFSET_LENGTH = 8;
    /** Offset of {@code size} (u32). */
    public static final int SIZE_OFFSET = OFFSET_OFFSET + OFFSET_LENGTH;
    /** Length of {@code size}. */
    public static final int SIZE_LENGTH = 4;
    /** Offset of {@code data}. */
    public static final int DATA_OFFSET = SIZE_OFFSET + SIZE_LENGTH;
    /** Full body length with a 6144-byte data area (6196). */
    public static final int ENCODED_LENGTH = DATA_OFFSET + MAX_DATA_LENGTH;

    private WriteToFileDescriptor() {
    }

    /** @return offset of {@code pad} */
    public static int padOffset() {
        return PAD_OFFSET;
    }

    /** @return offset of {@code offset} */
    public static int offsetOffset() {
        return OFFSET_OFFSET;
    }

    /** @return offset of {@code size} */
    public static int sizeOffset() {
        return SIZE_OFFSET;
    }

    /** @return offset of {@code data} */
    public static int dataOffset() {
        return DATA_OFFSET;
    }

    /** @return length of {@code pad} */
    public static int padLength() {
        return PAD_LENGTH;
    }

    /** @return length of {@code offset} */
    public static int offsetLength() {
        return OFFSET_LENGTH;
    }

    /** @return length of {@code size} */
    public static int sizeLength() {
        return SIZE_LENGTH;
    }

    /** @return length of the {@code data} area */
    public static int dataLength() {
        return MAX_DATA_LENGTH;
    }
}
