package org.hvref.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Read-only view of a ring for tools (CLI {@code ring decode}, interop tests): the control page and every unread
 * packet between read_index and write_index, validated exactly as {@link RingReader} does, without changing
 * anything in the ring.
 */
public final class RingInspector {

    /**
     * The control page fields as loaded.
     *
     * @param writeIndex      write_index (raw)
     * @param readIndex       read_index (raw)
     * @param interruptMask   interrupt_mask
     * @param pendingSendSize pending_send_sz (raw)
     * @param featureBits     feature_bits
     */
    public record ControlSnapshot(int writeIndex, int readIndex, int interruptMask, int pendingSendSize,
                                  int featureBits) {
    }

    private RingInspector() {
    }

    /**
     * Loads the control page fields (no validation).
     *
     * @param layout the ring
     * @return the fields
     */
    public static ControlSnapshot control(RingLayout layout) {
        return new ControlSnapshot(layout.writeIndexAcquire(), layout.readIndexAcquire(),
            layout.interruptMaskAcquire(), layout.pendingSendSizeAcquire(), layout.featureBitsAcquire());
    }

    /**
     * Hands every unread packet, oldest first, to {@code consumer}; stops with an exception at the first corrupt
     * one (after handing over the valid ones before it).
     *
     * @param layout   the ring
     * @param consumer receives each packet
     * @return number of packets handed over
     * @throws RingCorruptedException at the first invalid index or packet; {@link RingCorruptedException#offset()}
     *                                names the packet's data offset
     */
    public static int forEachUnread(RingLayout layout, Consumer<RawPacket> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        int dataSize = layout.dataSize();
        int wi = RingIndexes.check("write index", layout.writeIndexAcquire(), dataSize);
        int ri = RingIndexes.check("read index", layout.readIndexAcquire(), dataSize);
        byte[] copy = new byte[PacketFraming.copyBufferSize(dataSize)];
        ByteBuffer copyBuffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        while (ri != wi) {
            int len = PacketFraming.copyOut(layout, ri, RingIndexes.distance(ri, wi, dataSize), copy, copyBuffer);
            int packetLength = len - PacketDescriptor.TRAILER_LENGTH;
            byte[] bytes = java.util.Arrays.copyOf(copy, packetLength);
            consumer.accept(new RawPacket(ri, bytes, copyBuffer.getLong(packetLength)));
            n++;
            ri = RingIndexes.advance(ri, len, dataSize);
        }
        return n;
    }

    /**
     * All unread packets, oldest first.
     *
     * @param layout the ring
     * @return the packets
     * @throws RingCorruptedException at the first invalid index or packet
     */
    public static List<RawPacket> unreadPackets(RingLayout layout) {
        List<RawPacket> out = new ArrayList<>();
        forEachUnread(layout, out::add);
        return out;
    }
}
