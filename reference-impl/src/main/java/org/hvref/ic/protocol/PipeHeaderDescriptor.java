package org.hvref.ic.protocol;

/**
 * Layout of the 8-byte VMBus pipe header that starts every IC packet (devices-ic-input-video.md §1.1, §1.2; LNX-H
 * struct vmbuspipe_hdr; OVMM vmbus_async PipeHeader). Little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     4  flags / packet_type: 1 = DATA
 *     4     4  msgsize: bytes following this header
 * </pre>
 */
public final class PipeHeaderDescriptor {
    /** Offset of the pipe packet type u32 (ic §1.2; LNX-H vmbuspipe_hdr.flags; OVMM PipeHeader.packet_type). */
    public static final int PACKET_TYPE_OFFSET = 0;
    /** Length of the pipe packet type u32 (ic §1.2; LNX-H vmbuspipe_hdr.flags; OVMM PipeHeader.packet_type). */
    public static final int PACKET_TYPE_LENGTH = 4;
    /** Offset of the pipe msgsize u32, bytes after the pipe header (ic §1.2; LNX-H vmbuspipe_hdr.msgsize; OVMM PipeHeader.len). */
    public static final int MESSAGE_SIZE_OFFSET = 4;
    /** Length of the pipe msgsize u32, bytes after the pipe header (ic §1.2; LNX-H vmbuspipe_hdr.msgsize; OVMM PipeHeader.len). */
    public static final int MESSAGE_SIZE_LENGTH = 4;
    /** Length of the pipe header (ic §1.2: 8). */
    public static final int LENGTH = 8;
    /** Pipe packet type DATA = 1, the only one IC uses (ic §1.2; OVMM PIPE_PACKET_TYPE_DATA). */
    public static final int TYPE_DATA = 1;
    /** Largest pipe payload, MAX_PIPE_DATA_PAYLOAD = 16384 (ic §1.1; LNX-H). */
    public static final int MAX_PAYLOAD = 16384;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #PACKET_TYPE_OFFSET} */
    public static int packetTypeOffset() {
        return PACKET_TYPE_OFFSET;
    }

    /** @return {@link #PACKET_TYPE_LENGTH} */
    public static int packetTypeLength() {
        return PACKET_TYPE_LENGTH;
    }

    /** @return {@link #MESSAGE_SIZE_OFFSET} */
    public static int messageSizeOffset() {
        return MESSAGE_SIZE_OFFSET;
    }

    /** @return {@link #MESSAGE_SIZE_LENGTH} */
    public static int messageSizeLength() {
        return MESSAGE_SIZE_LENGTH;
    }

    private PipeHeaderDescriptor() {
    }
}
