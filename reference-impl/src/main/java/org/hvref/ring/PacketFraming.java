package org.hvref.ring;

import java.nio.ByteBuffer;

/** Validates and copies out one packet at a data offset; shared by {@link RingReader} and {@link RingInspector}. */
final class PacketFraming {
    private PacketFraming() {
    }

    /**
     * Size of a copy buffer that holds any packet a ring of {@code dataSize} can hold, descriptor and trailer
     * included (hazard L-RING-8).
     */
    static int copyBufferSize(int dataSize) {
        int maxRingPacket = PacketDescriptor.MAX_LEN8 * PacketDescriptor.ALIGNMENT + PacketDescriptor.TRAILER_LENGTH;
        return Math.max(PacketDescriptor.MIN_RING_LENGTH,
            Math.min(dataSize - PacketDescriptor.ALIGNMENT, maxRingPacket));
    }

    /**
     * Copies the packet starting at {@code ri} (descriptor first, then the rest, trailer included) into
     * {@code copy[0..len)}, validating it against the {@code available} published bytes.
     *
     * @return the packet's ring length {@code len8*8 + 8}
     * @throws RingCorruptedException on any framing error
     */
    static int copyOut(RingLayout layout, int ri, int available, byte[] copy, ByteBuffer copyBuffer) {
        int dataSize = layout.dataSize();
        if (available < PacketDescriptor.MIN_RING_LENGTH) {
            throw new RingCorruptedException(RingError.AVAILABLE_TOO_SMALL, "available data: " + available
                + " bytes at " + ri + " (expected: 0 or >= 24, descriptor + trailer)", ri);
        }
        // copy the descriptor once and validate the copy: the peer may change the ring under us (L-RING-9)
        layout.copyOut(ri, copy, 0, PacketDescriptor.LENGTH);
        int offset8 = Short.toUnsignedInt(copyBuffer.getShort(PacketDescriptor.OFFSET8_OFFSET));
        int len8 = Short.toUnsignedInt(copyBuffer.getShort(PacketDescriptor.LEN8_OFFSET));
        if (offset8 < PacketDescriptor.MIN_OFFSET8) {
            throw new RingCorruptedException(RingError.OFFSET_TOO_SMALL, "packet offset8: " + offset8
                + " at " + ri + " (expected: >= 2)", ri);
        }
        if (len8 < offset8) {
            throw new RingCorruptedException(RingError.LENGTH_BELOW_OFFSET, "packet len8: " + len8 + " at " + ri
                + " (expected: >= offset8 " + offset8 + ")", ri);
        }
        int len = len8 * PacketDescriptor.ALIGNMENT + PacketDescriptor.TRAILER_LENGTH;
        if (len > dataSize - PacketDescriptor.ALIGNMENT) {
            throw new RingCorruptedException(RingError.PACKET_EXCEEDS_RING, "packet length: " + len
                + " bytes at " + ri + " (expected: <= " + (dataSize - 8) + ", data size minus one free slot)", ri);
        }
        if (len > available) {
            throw new RingCorruptedException(RingError.PACKET_EXCEEDS_AVAILABLE, "packet length: " + len
                + " bytes at " + ri + " (expected: <= " + available + " bytes published)", ri);
        }
        layout.copyOut(RingIndexes.advance(ri, PacketDescriptor.LENGTH, dataSize), copy, PacketDescriptor.LENGTH,
            len - PacketDescriptor.LENGTH);
        long trailer = copyBuffer.getLong(len - PacketDescriptor.TRAILER_LENGTH);
        int start = (int) (trailer >>> 32);
        if (start != ri) {
            throw new RingCorruptedException(RingError.TRAILER_MISMATCH, "packet trailer offset: "
                + Integer.toUnsignedString(start) + " at " + ri + " (expected: " + ri + ", the packet start)", ri);
        }
        return len;
    }
}
