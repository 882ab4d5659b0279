package org.hvref.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Flyweight over one packet in a buffer ({@link #wrap}); {@link RingReader} reuses one view over its private copy
 * of each packet, so reading allocates nothing. Accessors read the descriptor fields little-endian from the
 * buffer; the view itself does not validate (the reader already did).
 */
public final class PacketView {
    private ByteBuffer buffer;
    private int offset;
    private int ringOffset = -1;
    private long trailer;

    /**
     * Points this view at a packet.
     *
     * @param buffer     buffer holding the packet (any byte order; the view reads little-endian)
     * @param offset     index of the descriptor in {@code buffer}
     * @param ringOffset data-region offset the packet came from, or -1
     * @param trailer    the packet's trailer value
     * @return this view
     */
    public PacketView wrap(ByteBuffer buffer, int offset, int ringOffset, long trailer) {
        this.buffer = Objects.requireNonNull(buffer, "buffer").order() == ByteOrder.LITTLE_ENDIAN
            ? buffer : buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.offset = offset;
        this.ringOffset = ringOffset;
        this.trailer = trailer;
        return this;
    }

    /** @return the buffer holding the packet (shared; valid only while the view is) */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** @return index of the descriptor in {@link #buffer()} */
    public int offset() {
        return offset;
    }

    /** @return data-region offset the packet started at, or -1 */
    public int ringOffset() {
        return ringOffset;
    }

    /** @return the trailer that followed the packet in the ring */
    public long trailer() {
        return trailer;
    }

    /** @return raw packet type (u16) */
    public int type() {
        return Short.toUnsignedInt(buffer.getShort(offset + PacketDescriptor.TYPE_OFFSET));
    }

    /** @return the type as an open enum constant (allocates for unknown types) */
    public PacketType packetType() {
        return PacketType.valueOf(type());
    }

    /** @return offset8 (u16) */
    public int offset8() {
        return Short.toUnsignedInt(buffer.getShort(offset + PacketDescriptor.OFFSET8_OFFSET));
    }

    /** @return len8 (u16) */
    public int len8() {
        return Short.toUnsignedInt(buffer.getShort(offset + PacketDescriptor.LEN8_OFFSET));
    }

    /** @return flags (u16) */
    public int flags() {
        return Short.toUnsignedInt(buffer.getShort(offset + PacketDescriptor.FLAGS_OFFSET));
    }

    /** @return whether flags bit 0 (COMPLETION_REQUESTED) is set */
    public boolean completionRequested() {
        return (flags() & PacketDescriptor.FLAG_COMPLETION_REQUESTED) != 0;
    }

    /** @return the transaction id (u64) */
    public long transactionId() {
        return buffer.getLong(offset + PacketDescriptor.TRANSACTION_ID_OFFSET);
    }

    /** @return packet length without the trailer: {@code len8*8} */
    public int length() {
        return len8() * PacketDescriptor.ALIGNMENT;
    }

    /** @return index in {@link #buffer()} of the first byte after the headers ({@code offset + offset8*8}) */
    public int payloadOffset() {
        return offset + offset8() * PacketDescriptor.ALIGNMENT;
    }

    /** @return bytes from offset8*8 to len8*8 (payload including padding) */
    public int payloadLength() {
        return (len8() - offset8()) * PacketDescriptor.ALIGNMENT;
    }

    /**
     * Copies the payload (with padding) into {@code dst[dstOffset..]}.
     *
     * @param dst       destination
     * @param dstOffset first index in {@code dst}
     * @return bytes copied ({@link #payloadLength()})
     */
    public int getPayload(byte[] dst, int dstOffset) {
        int n = payloadLength();
        buffer.get(payloadOffset(), dst, dstOffset, n);
        return n;
    }

    /** @return a copy of the payload (with padding) */
    public byte[] payload() {
        byte[] b = new byte[payloadLength()];
        getPayload(b, 0);
        return b;
    }

    /** @return a copy of the whole packet ({@code len8*8} bytes) as a {@link RawPacket} */
    public RawPacket toRawPacket() {
        byte[] b = new byte[length()];
        buffer.get(offset, b, 0, b.length);
        return new RawPacket(ringOffset, b, trailer);
    }

    /**
     * Decodes the packet with {@link PacketCodec}.
     *
     * @return the decoded packet
     * @throws MalformedPacketException if the codec rejects it
     */
    public VmbusPacket decode() {
        return PacketCodec.decode(buffer, offset, length());
    }

    @Override
    public String toString() {
        return buffer == null ? "PacketView[unwrapped]"
            : "PacketView[offset=" + ringOffset + ", type=" + packetType() + ", offset8=" + offset8() + ", len8="
            + len8() + ", flags=" + flags() + ", transactionId=" + Long.toUnsignedString(transactionId()) + "]";
    }
}
