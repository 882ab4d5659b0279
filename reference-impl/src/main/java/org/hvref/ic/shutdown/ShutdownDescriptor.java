package org.hvref.ic.shutdown;

/**
 * Layout of the shutdown payload {@code shutdown_msg_data}, 2060 bytes after the 28-byte IC header, i.e. packet bytes
 * 28..2087 (devices-ic-input-video.md §3; L-hyperv.h struct shutdown_msg_data; OVMM shutdown::ShutdownMessage; MHV
 * HyperVShutdownRegs.hpp). Offsets relative to the payload; add {@link #PACKET_OFFSET} for packet offsets. (ic §12.1
 * writes the Linux minimum as "28+2088"; §3's packet offsets give 28 + 2060 = 2088 packet bytes, which hvref uses.)
 *
 * <pre>
 *   0             4                 8         12                                 2060
 *   +-------------+-----------------+---------+----------------------------------+
 *   | reason_code | timeout_seconds | flags   | display_message u8[2048]         |
 *   | u32         | u32             | u32     | (encoding unknown, host: zeros)  |
 *   +-------------+-----------------+---------+----------------------------------+
 * </pre>
 */
public final class ShutdownDescriptor {
    /** Where the payload starts in the packet: after the 8-byte pipe and 20-byte IC headers (ic §1.2). */
    public static final int PACKET_OFFSET = 28;
    /** Offset of {@code reason_code} u32 (ic §3: packet offset 28). */
    public static final int REASON_CODE_OFFSET = 0;
    /** Offset of {@code timeout_seconds} u32 (ic §3: packet offset 32). */
    public static final int TIMEOUT_SECONDS_OFFSET = 4;
    /** Offset of {@code flags} u32 (ic §3: packet offset 36). */
    public static final int FLAGS_OFFSET = 8;
    /** Offset of {@code display_message} (ic §3: packet offset 40). */
    public static final int DISPLAY_MESSAGE_OFFSET = 12;
    /** Length of {@code display_message}: 2048 bytes (ic §3; L-hyperv.h display_message[2048]). */
    public static final int DISPLAY_MESSAGE_LENGTH = 2048;
    /** Payload length: 2060 bytes (ic §3: bytes 28..2087 of the packet). */
    public static final int ENCODED_LENGTH = DISPLAY_MESSAGE_OFFSET + DISPLAY_MESSAGE_LENGTH;
    /** Packet length with the headers: 2088 (ic §3). */
    public static final int PACKET_LENGTH = PACKET_OFFSET + ENCODED_LENGTH;

    private ShutdownDescriptor() {
    }
}
