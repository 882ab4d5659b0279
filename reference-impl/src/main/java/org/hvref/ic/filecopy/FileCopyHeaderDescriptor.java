package org.hvref.ic.filecopy;

/**
 * Layout of the 36-byte file-copy header {@code hv_fcopy_hdr} at the start of every file-copy body, i.e. at byte 28
 * of the IC packet (devices-ic-input-video.md §5.1; L-uapi struct hv_fcopy_hdr; MHV HyperVFileCopyMessageHeader).
 * Offsets are relative to the body (IC packet offset minus 28).
 *
 * <pre>
 *   0               4                              20                             36
 *   +---------------+------------------------------+------------------------------+
 *   | operation u32 | service_id0 (GUID, unused)   | service_id1 (GUID, unused)   |
 *   +---------------+------------------------------+------------------------------+
 * </pre>
 */
public final class FileCopyHeaderDescriptor {
    /** Offset of {@code operation} (u32). */
    public static final int OPERATION_OFFSET = 0;
    /** Length of {@code operation}. */
    public static final int OPERATION_LENGTH = 4;
    /** Offset of {@code service_id0} (GUID, unused). */
    public static final int SERVICE_ID0_OFFSET = OPERATION_OFFSET + OPERATION_LENGTH;
    /** Length of a service id. */
    public static final int SERVICE_ID_LENGTH = 16;
    /** Offset of {@code service_id1} (GUID, unused). */
    public static final int SERVICE_ID1_OFFSET = SERVICE_ID0_OFFSET + SERVICE_ID_LENGTH;
    /** Header length; also the whole body of COMPLETE_FCOPY and CANCEL_FCOPY. */
    public static final int HEADER_LENGTH = SERVICE_ID1_OFFSET + SERVICE_ID_LENGTH;

    private FileCopyHeaderDescriptor() {
    }

    /** @return offset of {@code operation} in the body */
    public static int operationOffset() {
        return OPERATION_OFFSET;
    }

    /** @return offset of {@code service_id0} in the body */
    public static int serviceId0Offset() {
        return SERVICE_ID0_OFFSET;
    }

    /** @return offset of {@code service_id1} in the body */
    public static int serviceId1Offset() {
        return SERVICE_ID1_OFFSET;
    }

    /** @return length of {@code operation} */
    public static int operationLength() {
        return OPERATION_LENGTH;
    }

    /** @return length of each service id */
    public static int serviceIdLength() {
        return SERVICE_ID_LENGTH;
    }
}
