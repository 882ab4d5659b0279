package org.hvref.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.UUID;

/**
 * GUIDs in the Windows mixed-endian wire order (vmbus-core.md §9.0; LNX-H {@code guid_t}).
 *
 * <pre>
 *  text  aabbccdd-eeff-gghh-iijj-kkllmmnnoopp
 *  wire  dd cc bb aa | ff ee | hh gg | ii jj kk ll mm nn oo pp
 *        Data1 LE u32  Data2   Data3   Data4: 8 bytes as written
 *                      LE u16  LE u16
 * </pre>
 *
 * {@link UUID} holds the text order (big-endian), so the first three fields are byte-swapped.
 */
public final class Guid {
    /** Length of a GUID on the wire (vmbus-core.md §9.0: 16 bytes). */
    public static final int LENGTH = 16;

    private Guid() {
    }

    /**
     * Reads a GUID stored in wire order; the buffer's byte order and position are neither used nor changed.
     *
     * @param buffer any buffer
     * @param offset absolute offset of the first byte
     * @return the GUID
     */
    public static UUID read(ByteBuffer buffer, int offset) {
        Objects.requireNonNull(buffer, "buffer");
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long data1 = le.getInt(offset) & 0xFFFFFFFFL;
        long data2 = le.getShort(offset + 4) & 0xFFFFL;
        long data3 = le.getShort(offset + 6) & 0xFFFFL;
        long data4 = le.order(ByteOrder.BIG_ENDIAN).getLong(offset + 8);
        return new UUID((data1 << 32) | (data2 << 16) | data3, data4);
    }

    /**
     * Writes a GUID in wire order; the buffer's byte order and position are neither used nor changed.
     *
     * @param buffer destination
     * @param offset absolute offset of the first byte
     * @param guid   the GUID
     */
    public static void write(ByteBuffer buffer, int offset, UUID guid) {
        Objects.requireNonNull(guid, "guid");
        long msb = guid.getMostSignificantBits();
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        le.putInt(offset, (int) (msb >>> 32));
        le.putShort(offset + 4, (short) (msb >>> 16));
        le.putShort(offset + 6, (short) msb);
        le.order(ByteOrder.BIG_ENDIAN).putLong(offset + 8, guid.getLeastSignificantBits());
    }

    /**
     * Returns the 16 wire bytes of a GUID.
     *
     * @param guid the GUID
     * @return a new 16-byte array
     */
    public static byte[] toWire(UUID guid) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        write(b, 0, guid);
        return b.array();
    }

    /**
     * Reads the GUID from 16 wire bytes.
     *
     * @param wire exactly 16 bytes
     * @return the GUID
     */
    public static UUID fromWire(byte[] wire) {
        if (wire.length != LENGTH) {
            throw new IllegalArgumentException("guid length: " + wire.length + " (expected: 16)");
        }
        return read(ByteBuffer.wrap(wire), 0);
    }
}
