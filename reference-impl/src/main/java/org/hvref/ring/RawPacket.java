package org.hvref.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A packet exactly as found in a ring, whatever its type: where it started, its {@code len8*8} bytes (descriptor,
 * headers, payload and padding) and its trailer. Used by the CLI and interop tests to show ring contents the codec
 * does not understand. Only the framing (descriptor lengths) is validated, never the type or flags.
 *
 * @param ringOffset data-region offset where the packet starts, or -1 if it did not come from a ring
 * @param bytes      the packet bytes, {@code len8*8} long (copied)
 * @param trailer    the 8-byte trailer after the packet as a little-endian u64 (0 if not from a ring)
 */
public record RawPacket(int ringOffset, byte[] bytes, long trailer) {

    /** Validates the descriptor's lengths against {@code bytes} and copies them. */
    public RawPacket {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < PacketDescriptor.LENGTH) {
            throw new IllegalArgumentException("packet length: " + bytes.length + " bytes (expected: >= 16)");
        }
        bytes = bytes.clone();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int offset8 = Short.toUnsignedInt(b.getShort(PacketDescriptor.OFFSET8_OFFSET));
        int len8 = Short.toUnsignedInt(b.getShort(PacketDescriptor.LEN8_OFFSET));
        if (len8 * PacketDescriptor.ALIGNMENT != bytes.length) {
            throw new IllegalArgumentException("len8: " + len8 + " (expected: " + bytes.length / 8.0
                + " = packet bytes / 8)");
        }
        if (offset8 < PacketDescriptor.MIN_OFFSET8 || offset8 > len8) {
            throw new IllegalArgumentException("offset8: " + offset8 + " (expected: 2.." + len8 + ")");
        }
    }

    /**
     * An in-band style packet (offset8 = 2) of any type, e.g. for hand-crafted rings: descriptor, {@code data},
     * zero padding; not placed in a ring.
     *
     * @param type          packet type (u16)
     * @param flags         descriptor flags (u16, not restricted to known bits)
     * @param transactionId transaction id
     * @param data          payload
     * @return the packet
     */
    public static RawPacket of(int type, int flags, long transactionId, byte[] data) {
        if ((type & ~0xFFFF) != 0 || (flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("type/flags: " + type + "/" + flags + " (expected: u16)");
        }
        int len8 = PacketDescriptor.len8(PacketDescriptor.LENGTH + data.length);
        if (len8 > PacketDescriptor.MAX_LEN8) {
            throw new IllegalArgumentException("data length: " + data.length + " (expected: <= "
                + (PacketDescriptor.MAX_LEN8 * 8 - 16) + ")");
        }
        ByteBuffer b = ByteBuffer.allocate(len8 * PacketDescriptor.ALIGNMENT).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(PacketDescriptor.TYPE_OFFSET, (short) type);
        b.putShort(PacketDescriptor.OFFSET8_OFFSET, (short) PacketDescriptor.MIN_OFFSET8);
        b.putShort(PacketDescriptor.LEN8_OFFSET, (short) len8);
        b.putShort(PacketDescriptor.FLAGS_OFFSET, (short) flags);
        b.putLong(PacketDescriptor.TRANSACTION_ID_OFFSET, transactionId);
        b.put(PacketDescriptor.LENGTH, data);
        return new RawPacket(-1, b.array(), 0);
    }

    private int u16(int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    /** @return a copy of the packet bytes ({@code len8*8}) */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the raw type value (u16) */
    public int type() {
        return u16(PacketDescriptor.TYPE_OFFSET);
    }

    /** @return the type as an open enum constant */
    public PacketType packetType() {
        return PacketType.valueOf(type());
    }

    /** @return offset8 (u16) */
    public int offset8() {
        return u16(PacketDescriptor.OFFSET8_OFFSET);
    }

    /** @return len8 (u16) */
    public int len8() {
        return u16(PacketDescriptor.LEN8_OFFSET);
    }

    /** @return flags (u16), unknown bits included */
    public int flags() {
        return u16(PacketDescriptor.FLAGS_OFFSET);
    }

    /** @return transaction id (u64; print with {@link Long#toUnsignedString(long)}) */
    public long transactionId() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(PacketDescriptor.TRANSACTION_ID_OFFSET);
    }

    /** @return a copy of the bytes from {@code offset8*8} to {@code len8*8} (payload and padding) */
    public byte[] data() {
        return Arrays.copyOfRange(bytes, offset8() * PacketDescriptor.ALIGNMENT, bytes.length);
    }

    /** @return number of ring bytes the packet occupies: {@code len8*8 + 8} */
    public int ringLength() {
        return bytes.length + PacketDescriptor.TRAILER_LENGTH;
    }

    /**
     * Decodes the packet with {@link PacketCodec}.
     *
     * @return the decoded packet
     * @throws MalformedPacketException if the codec rejects it (including unsupported types)
     */
    public VmbusPacket decode() {
        return PacketCodec.decode(bytes, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPacket && ((RawPacket) o).ringOffset == ringOffset
            && ((RawPacket) o).trailer == trailer && Arrays.equals(((RawPacket) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ringOffset, trailer, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "RawPacket[offset=" + ringOffset + ", type=" + packetType() + ", offset8=" + offset8() + ", len8="
            + len8() + ", flags=" + flags() + ", transactionId=" + Long.toUnsignedString(transactionId())
            + ", data=" + PacketChecks.abbreviatedHex(data()) + ", trailer=0x" + Long.toHexString(trailer) + "]";
    }
}
