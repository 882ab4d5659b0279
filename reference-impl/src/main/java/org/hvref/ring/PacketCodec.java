package org.hvref.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes the packet types of vmbus-core.md §7 that carry device data: in-band (0x6), transfer pages
 * (0x7), GPA direct (0x9) and completion (0xB). Stateless.
 *
 * <p>Encoded form: descriptor (16 bytes) + type-specific header + payload + zero padding to 8 bytes, {@code len8*8}
 * bytes in all (no trailer; the ring adds it). The wire format does not record the unpadded payload length, so a
 * decoded payload runs to {@code len8*8} and includes the padding: {@code decode(encode(p))} equals {@code p}
 * exactly when the encoded header + payload length is a multiple of 8, and otherwise differs only by trailing zeros.
 *
 * <p>Decoding validates offset8/len8 against the given length, flags (only COMPLETION_REQUESTED), offset8 ≥ 3 for
 * types 0x7 and 0x9, range counts, byte_offset ≤ 0xFFF and page-number counts (vmbus-core.md §7.1, §7.3), and
 * throws {@link MalformedPacketException} on anything else; it never reads outside {@code [offset, offset+length)}.
 */
public final class PacketCodec {

    private PacketCodec() {
    }

    // ---------------------------------------------------------------- encode

    /**
     * Length of a packet's type-specific header including the descriptor, i.e. {@code offset8*8}.
     *
     * @param packet the packet
     * @return header bytes (a multiple of 8)
     */
    public static int headerLength(VmbusPacket packet) {
        if (packet instanceof InBandPacket || packet instanceof CompletionPacket) {
            return PacketDescriptor.LENGTH;
        } else if (packet instanceof TransferPagesPacket) {
            long n = TransferPagesPacket.RANGES_OFFSET
                + (long) TransferPageRange.LENGTH * ((TransferPagesPacket) packet).ranges().size();
            return checkedLength("header length", n);
        } else if (packet instanceof GpaDirectPacket) {
            long n = GpaDirectPacket.RANGES_OFFSET;
            for (GpaRange r : ((GpaDirectPacket) packet).ranges()) {
                n += r.encodedLength();
            }
            return checkedLength("header length", n);
        }
        throw new AssertionError("unreachable: " + packet.getClass());
    }

    /**
     * Encoded length of a packet: {@code len8*8}.
     *
     * @param packet the packet
     * @return bytes {@link #encode} returns
     */
    public static int encodedLength(VmbusPacket packet) {
        long unpadded = (long) headerLength(packet) + packet.payload().length;
        return checkedLength("packet length", (unpadded + 7) & -8L);
    }

    private static int checkedLength(String what, long length) {
        long max = (long) PacketDescriptor.MAX_LEN8 * PacketDescriptor.ALIGNMENT;
        if (length > max) {
            throw new IllegalArgumentException(what + ": " + length + " bytes (expected: <= " + max
                + ", len8 is a u16)");
        }
        return (int) length;
    }

    /**
     * Encodes a packet: descriptor + header + payload + zero padding.
     *
     * @param packet the packet
     * @return {@link #encodedLength} bytes
     */
    public static byte[] encode(VmbusPacket packet) {
        Objects.requireNonNull(packet, "packet");
        int header = headerLength(packet);
        byte[] payload = packet.payload();
        int length = encodedLength(packet);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(PacketDescriptor.TYPE_OFFSET, (short) packet.type().code());
        b.putShort(PacketDescriptor.OFFSET8_OFFSET, (short) (header / PacketDescriptor.ALIGNMENT));
        b.putShort(PacketDescriptor.LEN8_OFFSET, (short) (length / PacketDescriptor.ALIGNMENT));
        b.putShort(PacketDescriptor.FLAGS_OFFSET, (short) packet.flags());
        b.putLong(PacketDescriptor.TRANSACTION_ID_OFFSET, packet.transactionId());
        if (packet instanceof TransferPagesPacket) {
            TransferPagesPacket p = (TransferPagesPacket) packet;
            b.putShort(TransferPagesPacket.TRANSFER_PAGE_SET_ID_OFFSET, (short) p.transferPageSetId());
            b.put(TransferPagesPacket.SENDER_OWNS_SET_OFFSET, (byte) (p.senderOwnsSet() ? 1 : 0));
            b.put(TransferPagesPacket.RESERVED_OFFSET, (byte) 0);
            b.putInt(TransferPagesPacket.RANGE_COUNT_OFFSET, p.ranges().size());
            int pos = TransferPagesPacket.RANGES_OFFSET;
            for (TransferPageRange r : p.ranges()) {
                b.putInt(pos, (int) r.byteCount());
                b.putInt(pos + 4, (int) r.byteOffset());
                pos += TransferPageRange.LENGTH;
            }
        } else if (packet instanceof GpaDirectPacket) {
            GpaDirectPacket p = (GpaDirectPacket) packet;
            b.putInt(GpaDirectPacket.RESERVED_OFFSET, 0);
            b.putInt(GpaDirectPacket.RANGE_COUNT_OFFSET, p.ranges().size());
            int pos = GpaDirectPacket.RANGES_OFFSET;
            for (GpaRange r : p.ranges()) {
                b.putInt(pos, (int) r.byteCount());
                b.putInt(pos + 4, (int) r.byteOffset());
                pos += GpaRange.HEADER_LENGTH;
                for (long pfn : r.pfns()) {
                    b.putLong(pos, pfn);
                    pos += GpaRange.PFN_LENGTH;
                }
            }
        }
        b.put(header, payload);
        return b.array();
    }

    // ---------------------------------------------------------------- decode

    /**
     * Decodes {@code bytes[0..length)}.
     *
     * @param bytes  the packet bytes (descriptor first, no trailer)
     * @param length number of packet bytes, must equal len8*8
     * @return the packet
     * @throws MalformedPacketException if the bytes are not a valid packet of a supported type
     */
    public static VmbusPacket decode(byte[] bytes, int length) {
        Objects.checkFromIndexSize(0, length, bytes.length);
        return decode(ByteBuffer.wrap(bytes), 0, length);
    }

    /**
     * Decodes {@code length} bytes starting at {@code buffer.position()} (the position is not changed).
     *
     * @param buffer the buffer
     * @param length number of packet bytes, must equal len8*8
     * @return the packet
     * @throws MalformedPacketException if the bytes are not a valid packet of a supported type
     */
    public static VmbusPacket decode(ByteBuffer buffer, int length) {
        return decode(buffer, buffer.position(), length);
    }

    /**
     * Decodes {@code buffer[offset, offset+length)} (absolute; the buffer's position and order are not used).
     *
     * @param buffer the buffer
     * @param offset index of the descriptor
     * @param length number of packet bytes, must equal len8*8
     * @return the packet
     * @throws MalformedPacketException if the bytes are not a valid packet of a supported type
     */
    public static VmbusPacket decode(ByteBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.limit());
        ByteBuffer b = buffer.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
        if (length < PacketDescriptor.LENGTH) {
            throw new MalformedPacketException(PacketError.TOO_SHORT,
                "packet length: " + length + " bytes (expected: >= 16)");
        }
        PacketType type = PacketType.valueOf(Short.toUnsignedInt(b.getShort(PacketDescriptor.TYPE_OFFSET)));
        int offset8 = Short.toUnsignedInt(b.getShort(PacketDescriptor.OFFSET8_OFFSET));
        int len8 = Short.toUnsignedInt(b.getShort(PacketDescriptor.LEN8_OFFSET));
        int flags = Short.toUnsignedInt(b.getShort(PacketDescriptor.FLAGS_OFFSET));
        long transactionId = b.getLong(PacketDescriptor.TRANSACTION_ID_OFFSET);
        if ((long) len8 * PacketDescriptor.ALIGNMENT != length) {
            throw new MalformedPacketException(PacketError.LENGTH_MISMATCH,
                "len8: " + len8 + " (expected: " + length + " bytes / 8)");
        }
        if (offset8 < PacketDescriptor.MIN_OFFSET8) {
            throw new MalformedPacketException(PacketError.OFFSET_TOO_SMALL,
                "offset8: " + offset8 + " (expected: >= 2)");
        }
        if (offset8 > len8) {
            throw new MalformedPacketException(PacketError.OFFSET_BEYOND_LENGTH,
                "offset8: " + offset8 + " (expected: <= len8 " + len8 + ")");
        }
        if ((flags & ~PacketDescriptor.KNOWN_FLAGS) != 0) {
            throw new MalformedPacketException(PacketError.UNKNOWN_FLAGS,
                String.format("flags: 0x%X (expected: only 0x%X)", flags, PacketDescriptor.KNOWN_FLAGS));
        }
        int headerEnd = offset8 * PacketDescriptor.ALIGNMENT;
        switch (type.code()) {
            case 0x6:
                return new InBandPacket(flags, transactionId, bytes(b, headerEnd, length));
            case 0xB:
                return new CompletionPacket(flags, transactionId, bytes(b, headerEnd, length));
            case 0x7:
                return decodeTransferPages(b, type, offset8, flags, transactionId, headerEnd, length);
            case 0x9:
                return decodeGpaDirect(b, type, offset8, flags, transactionId, headerEnd, length);
            default:
                throw new MalformedPacketException(PacketError.UNSUPPORTED_TYPE,
                    "packet type: " + type + " (expected: one of 0x06, 0x07, 0x09, 0x0B)");
        }
    }

    private static byte[] bytes(ByteBuffer b, int from, int to) {
        byte[] out = new byte[to - from];
        b.get(from, out);
        return out;
    }

    private static void checkExtendedOffset(PacketType type, int offset8) {
        if (offset8 < TransferPagesPacket.MIN_OFFSET8) {
            throw new MalformedPacketException(PacketError.OFFSET_TOO_SMALL,
                "offset8: " + offset8 + " (expected: >= 3 for " + type + ")");
        }
    }

    private static TransferPagesPacket decodeTransferPages(ByteBuffer b, PacketType type, int offset8, int flags,
                                                           long transactionId, int headerEnd, int length) {
        checkExtendedOffset(type, offset8);
        int id = Short.toUnsignedInt(b.getShort(TransferPagesPacket.TRANSFER_PAGE_SET_ID_OFFSET));
        boolean senderOwns = b.get(TransferPagesPacket.SENDER_OWNS_SET_OFFSET) != 0;
        long count = Integer.toUnsignedLong(b.getInt(TransferPagesPacket.RANGE_COUNT_OFFSET));
        long fit = (headerEnd - TransferPagesPacket.RANGES_OFFSET) / TransferPageRange.LENGTH;
        if (count > fit) {
            throw new MalformedPacketException(PacketError.BAD_RANGE_COUNT, "transfer page range count: " + count
                + " (expected: <= " + fit + " ranges in offset8*8 = " + headerEnd + " bytes)");
        }
        List<TransferPageRange> ranges = new ArrayList<>((int) count);
        int pos = TransferPagesPacket.RANGES_OFFSET;
        for (int i = 0; i < count; i++) {
            ranges.add(new TransferPageRange(Integer.toUnsignedLong(b.getInt(pos)),
                Integer.toUnsignedLong(b.getInt(pos + 4))));
            pos += TransferPageRange.LENGTH;
        }
        return new TransferPagesPacket(flags, transactionId, id, senderOwns, ranges, bytes(b, headerEnd, length));
    }

    private static GpaDirectPacket decodeGpaDirect(ByteBuffer b, PacketType type, int offset8, int flags,
                                                   long transactionId, int headerEnd, int length) {
        checkExtendedOffset(type, offset8);
        long count = Integer.toUnsignedLong(b.getInt(GpaDirectPacket.RANGE_COUNT_OFFSET));
        if (count == 0) {
            throw new MalformedPacketException(PacketError.BAD_RANGE_COUNT,
                "gpa range count: 0 (expected: >= 1)");
        }
        long fit = (headerEnd - GpaDirectPacket.RANGES_OFFSET) / GpaRange.HEADER_LENGTH;
        if (count > fit) {
            throw new MalformedPacketException(PacketError.BAD_RANGE_COUNT, "gpa range count: " + count
                + " (expected: <= " + fit + " ranges in offset8*8 = " + headerEnd + " bytes)");
        }
        List<GpaRange> ranges = new ArrayList<>((int) count);
        int pos = GpaDirectPacket.RANGES_OFFSET;
        for (int i = 0; i < count; i++) {
            if (pos + GpaRange.HEADER_LENGTH > headerEnd) {
                throw new MalformedPacketException(PacketError.BAD_RANGE_COUNT, "gpa range count: " + count
                    + " (expected: ranges within offset8*8 = " + headerEnd + " bytes; range " + i + " starts at "
                    + pos + ")");
            }
            long byteCount = Integer.toUnsignedLong(b.getInt(pos));
            long byteOffset = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (byteOffset > GpaRange.MAX_BYTE_OFFSET) {
                throw new MalformedPacketException(PacketError.BAD_BYTE_OFFSET, "gpa range " + i
                    + " byte offset: " + byteOffset + " (expected: <= 4095)");
            }
            long pfnCount = GpaRange.pfnCount(byteCount, byteOffset);
            pos += GpaRange.HEADER_LENGTH;
            if (pfnCount > (headerEnd - pos) / GpaRange.PFN_LENGTH) {
                throw new MalformedPacketException(PacketError.BAD_PFN_COUNT, "gpa range " + i + " pfn count: "
                    + pfnCount + " (expected: <= " + (headerEnd - pos) / GpaRange.PFN_LENGTH
                    + " page numbers left in offset8*8 = " + headerEnd + " bytes)");
            }
            long[] pfns = new long[(int) pfnCount];
            for (int j = 0; j < pfns.length; j++) {
                pfns[j] = b.getLong(pos);
                pos += GpaRange.PFN_LENGTH;
            }
            ranges.add(new GpaRange(byteCount, byteOffset, pfns));
        }
        return new GpaDirectPacket(flags, transactionId, ranges, bytes(b, headerEnd, length));
    }
}
