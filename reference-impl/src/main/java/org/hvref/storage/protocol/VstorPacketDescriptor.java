package org.hvref.storage.protocol;

/**
 * Layout of vstor_packet: 12-byte header + payload union (devices-net-storage-pci.md §3.2; L-STOR struct
 * vstor_packet, OVMM-STOR Packet). All fields little-endian, packed.
 *
 * <pre>
 *    off  size  field
 *    ---  ----  -----
 *      0     4  operation u32
 *      4     4  flags u32 (bit 0 REQUEST_COMPLETION_FLAG)
 *      8     4  status u32 NTSTATUS
 *     12    52  payload union (52 Win8+, 36 pre-Win8)
 * </pre>
 */
public final class VstorPacketDescriptor {
    /** Offset of operation u32 (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int OPERATION_OFFSET = 0;
    /** Length of operation u32 (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int OPERATION_LENGTH = 4;
    /** Offset of flags u32 (bit 0 REQUEST_COMPLETION_FLAG) (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int FLAGS_OFFSET = 4;
    /** Length of flags u32 (bit 0 REQUEST_COMPLETION_FLAG) (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int FLAGS_LENGTH = 4;
    /** Offset of status u32 NTSTATUS (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int STATUS_OFFSET = 8;
    /** Length of status u32 NTSTATUS (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int STATUS_LENGTH = 4;
    /** Offset of payload union (52 Win8+, 36 pre-Win8) (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int PAYLOAD_OFFSET = 12;
    /** Length of payload union (52 Win8+, 36 pre-Win8) (fact sheet §3.2; L-STOR struct vstor_packet). */
    public static final int PAYLOAD_LENGTH = 52;
    /** Win8+ packet length, 64 (devices-net-storage-pci.md §3.2). */
    public static final int LENGTH = 64;
    /** Pre-Win8 packet length, 48 (devices-net-storage-pci.md §3.2; older L-STOR vmscsi_size_delta 16). */
    public static final int LENGTH_PRE_WIN8 = 48;
    /** Pre-Win8 payload length, 36 (devices-net-storage-pci.md §3.2). */
    public static final int PAYLOAD_LENGTH_PRE_WIN8 = 36;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #OPERATION_OFFSET} */
    public static int operationOffset() {
        return OPERATION_OFFSET;
    }

    /** @return {@link #OPERATION_LENGTH} */
    public static int operationLength() {
        return OPERATION_LENGTH;
    }

    /** @return {@link #FLAGS_OFFSET} */
    public static int flagsOffset() {
        return FLAGS_OFFSET;
    }

    /** @return {@link #FLAGS_LENGTH} */
    public static int flagsLength() {
        return FLAGS_LENGTH;
    }

    /** @return {@link #STATUS_OFFSET} */
    public static int statusOffset() {
        return STATUS_OFFSET;
    }

    /** @return {@link #STATUS_LENGTH} */
    public static int statusLength() {
        return STATUS_LENGTH;
    }

    /** @return {@link #PAYLOAD_OFFSET} */
    public static int payloadOffset() {
        return PAYLOAD_OFFSET;
    }

    /** @return {@link #PAYLOAD_LENGTH} */
    public static int payloadLength() {
        return PAYLOAD_LENGTH;
    }

    private VstorPacketDescriptor() {
    }
}
