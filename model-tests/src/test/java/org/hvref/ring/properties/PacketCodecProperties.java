package org.hvref.ring.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.BatchResult;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.PacketCodec;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketError;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.VmbusPacket;
import org.hvref.ring.WriteStatus;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Both halves of the codec contract (STYLE.md B22): {@code decode(encode(p)).equals(p)} for every packet type —
 * directly and through a real ring that wraps over non-contiguous pages — and "the decoder throws nothing but
 * {@link org.hvref.ring.MalformedPacketException} on arbitrary bytes", for random and for mutated valid packets.
 * Each property asserts at the end that its generator reached the interesting cases (every type, unaligned
 * payloads, multi-page GPA ranges, wrapped packets, every {@link PacketError}), so a generator that degenerates
 * fails instead of passing vacuously.
 */
class PacketCodecProperties {

    // ---------------------------------------------------------------- round trip

    @Test
    void roundTripPreservesEveryPacket() {
        Map<String, Integer> seen = new TreeMap<>();
        PropertyRuns.qt("roundTripPreservesEveryPacket", 0x2C0DEC01L, 3000)
            .forAll(PacketGenerators.packets(4000))
            .checkAssert(p -> {
                byte[] bytes = PacketCodec.encode(p);
                assertArrayEquals(ReferenceEncoder.encode(p), bytes, () -> "encoding of " + p);
                assertEquals(PacketCodec.encodedLength(p), bytes.length);
                VmbusPacket decoded = PacketCodec.decode(bytes, bytes.length);
                VmbusPacket expected = PacketGenerators.padded(p);
                assertEquals(expected, decoded, () -> "decode(encode(p)) for " + p);
                boolean aligned = p.payload().length % 8 == 0;
                if (aligned) {
                    assertEquals(p, decoded);
                }
                seen.merge(p.type().toString(), 1, Integer::sum);
                seen.merge(aligned ? "exact (aligned payload)" : "padded (unaligned payload)", 1, Integer::sum);
                seen.merge("flags=" + p.flags(), 1, Integer::sum);
                if (p.transactionId() == 0 || p.transactionId() == -1L) {
                    seen.merge("transactionId=" + Long.toUnsignedString(p.transactionId()), 1, Integer::sum);
                }
                if (p instanceof GpaDirectPacket) {
                    for (GpaRange r : ((GpaDirectPacket) p).ranges()) {
                        seen.merge(r.pfns().length > 1 ? "gpa multi-page range" : "gpa 0/1-page range", 1,
                            Integer::sum);
                    }
                }
            });
        System.out.println("roundTripPreservesEveryPacket: " + seen);
        for (String k : List.of("DATA_INBAND(0x06)", "COMPLETION(0x0B)", "DATA_USING_XFER_PAGES(0x07)",
            "DATA_USING_GPA_DIRECT(0x09)", "exact (aligned payload)", "padded (unaligned payload)", "flags=0",
            "flags=1", "transactionId=0", "transactionId=18446744073709551615", "gpa multi-page range",
            "gpa 0/1-page range")) {
            assertTrue(seen.getOrDefault(k, 0) >= 20, () -> "generator reached '" + k + "' too rarely: " + seen);
        }
    }

    /** One ring round trip: the ring, where its indexes start, the packets and the reader's batch sizes. */
    record RingCase(int dataSize, long[] gpns, int start, boolean traced, List<VmbusPacket> packets,
                    int[] batches) {
        @Override
        public String toString() {
            return "RingCase[dataSize=" + dataSize + ", gpns=" + Arrays.toString(gpns) + ", start=" + start
                + ", traced=" + traced + ", batches=" + Arrays.toString(batches) + ", packets=" + packets + "]";
        }
    }

    static Gen<RingCase> ringCases() {
        return in -> {
            Draw d = new Draw(in);
            int dataPages = d.between(1, 3);
            List<Long> pages = new ArrayList<>(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L));
            long[] gpns = new long[dataPages + 1];
            for (int i = 0; i < gpns.length; i++) {
                gpns[i] = pages.remove(d.between(0, pages.size() - 1));   // distinct pages in any order
            }
            int dataSize = d.oneIn(3) ? dataPages * 4096 : 8 * d.between(64, dataPages * 512);
            int start = 8 * d.between(0, dataSize / 8 - 1);
            int maxPayload = Math.min(3000, dataSize - 280);
            int n = d.between(1, 40);
            List<VmbusPacket> packets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                packets.add(PacketGenerators.packet(d, maxPayload));
            }
            int[] batches = new int[d.between(1, 4)];
            for (int i = 0; i < batches.length; i++) {
                batches[i] = d.between(1, 8);
            }
            return new RingCase(dataSize, gpns, start, d.oneIn(4), packets, batches);
        };
    }

    @Test
    void roundTripThroughRingPreservesEveryPacket() {
        Map<String, Integer> seen = new TreeMap<>();
        PropertyRuns.qt("roundTripThroughRingPreservesEveryPacket", 0x2C0DEC02L, 400)
            .forAll(ringCases())
            .checkAssert(c -> {
                GuestMemory memory = GuestMemory.heap(8);
                RingLayout layout = RingLayout.ofPages(memory, c.gpns(), c.dataSize());
                layout.initialize(true);
                layout.putWriteIndexRelease(c.start());
                layout.putReadIndexRelease(c.start());
                SpecTracer tracer = c.traced() ? new RecordingTracer() : SpecTracer.OFF;
                RingWriter writer = new RingWriter(layout, tracer);
                RingReader reader = new RingReader(layout, tracer);
                ArrayDeque<VmbusPacket> toWrite = new ArrayDeque<>(c.packets());
                ArrayDeque<VmbusPacket> inFlight = new ArrayDeque<>();
                int[] expectedOffset = {c.start()};
                int rounds = 0;
                while (!toWrite.isEmpty() || !inFlight.isEmpty()) {
                    while (!toWrite.isEmpty()) {
                        WriteStatus s = writer.tryWrite(toWrite.peek());
                        if (!s.written()) {
                            break;
                        }
                        inFlight.add(toWrite.remove());
                    }
                    BatchResult r = reader.readBatch(c.batches()[rounds % c.batches().length], view -> {
                        VmbusPacket p = inFlight.remove();
                        byte[] encoded = PacketCodec.encode(p);
                        assertEquals(expectedOffset[0], view.ringOffset(), "ring offset");
                        assertArrayEquals(encoded, view.toRawPacket().bytes(), () -> "ring bytes of " + p);
                        assertEquals(PacketDescriptor.trailer(view.ringOffset()), view.trailer(), "trailer");
                        assertEquals(PacketGenerators.padded(p), view.decode(), "decoded from the ring");
                        int len = encoded.length + PacketDescriptor.TRAILER_LENGTH;
                        int end = view.ringOffset() + len;
                        if (end > c.dataSize()) {
                            seen.merge("wrapped at the end of the data region", 1, Integer::sum);
                        }
                        if (crossesNonAdjacentPages(c, view.ringOffset(), len)) {
                            seen.merge("crossed non-adjacent pages", 1, Integer::sum);
                        }
                        expectedOffset[0] = end % c.dataSize();
                        seen.merge("packets", 1, Integer::sum);
                    });
                    assertTrue(r.packets() > 0 || !inFlight.isEmpty() || toWrite.isEmpty(),
                        "reader made no progress");
                    if (++rounds > 10 * c.packets().size() + 10) {
                        throw new AssertionError("no progress after " + rounds + " rounds: " + writer + ", "
                            + reader);
                    }
                }
                assertEquals(layout.writeIndexAcquire(), layout.readIndexAcquire(), "ring drained");
                assertEquals(c.packets().size(), reader.packetsRead());
                seen.merge(c.traced() ? "traced rings" : "untraced rings", 1, Integer::sum);
            });
        System.out.println("roundTripThroughRingPreservesEveryPacket: " + seen);
        for (String k : List.of("wrapped at the end of the data region", "crossed non-adjacent pages",
            "traced rings", "untraced rings")) {
            assertTrue(seen.getOrDefault(k, 0) >= 20, () -> "generator reached '" + k + "' too rarely: " + seen);
        }
    }

    /** Whether {@code [offset, offset+len)} (mod dataSize) spans two data pages that are not adjacent in memory. */
    private static boolean crossesNonAdjacentPages(RingCase c, int offset, int len) {
        for (int i = 1; i < len; i++) {
            int a = (offset + i - 1) % c.dataSize();
            int b = (offset + i) % c.dataSize();
            if (a / 4096 != b / 4096 || b == 0) {
                long pa = c.gpns()[1 + a / 4096];
                long pb = c.gpns()[1 + b / 4096];
                if (pb != pa + 1) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- hostile bytes

    /** Bytes that look like a packet often enough to get past the first checks, and plain noise otherwise. */
    static Gen<byte[]> arbitraryPackets() {
        return in -> {
            Draw d = new Draw(in);
            if (d.oneIn(5)) {
                return d.bytes(d.between(0, 300));                 // noise of any length
            }
            int len8 = d.oneIn(10) ? d.between(0, 1) : d.between(2, 40);
            byte[] b = d.bytes(len8 * 8);
            if (b.length < 16) {
                return b;
            }
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            w.putShort(0, (short) (d.oneIn(6) ? d.between(0, 0xFFFF) : d.pickInt(0x6, 0x7, 0x9, 0xB)));
            w.putShort(2, (short) (d.oneIn(8) ? d.between(0, 0xFFFF) : d.between(0, Math.min(len8 + 1, 12))));
            w.putShort(4, (short) (d.oneIn(10) ? d.between(0, 0xFFFF) : len8));
            w.putShort(6, (short) (d.oneIn(8) ? d.between(0, 0xFFFF) : d.between(0, 1)));
            if (b.length >= 24) {
                w.putInt(20, d.oneIn(8) ? d.anyInt() : d.between(0, 6));                 // range count
                for (int at = 24; at + 8 <= b.length && !d.oneIn(4); at += 8) {
                    w.putInt(at, d.oneIn(3) ? d.anyInt() : d.between(0, 3 * 4096));     // byte_count
                    w.putInt(at + 4, d.oneIn(4) ? d.anyInt() : d.between(0, 0x1000));   // byte_offset
                }
            }
            return b;
        };
    }

    @Test
    void decoderThrowsOnlyMalformedPacketOnArbitraryBytes() {
        CodecOracle.Stats stats = new CodecOracle.Stats();
        PropertyRuns.qt("decoderThrowsOnlyMalformedPacketOnArbitraryBytes", 0x2C0DEC03L, 30000)
            .forAll(arbitraryPackets())
            .describedAs(CodecOracle::hex)
            .checkAssert(b -> CodecOracle.check(b, stats));
        System.out.println("decoderThrowsOnlyMalformedPacketOnArbitraryBytes: " + stats);
        assertReachedEverything(stats);
    }

    /** A valid encoded packet with one to four hostile edits (fields set to edge values, bits flipped, resized). */
    static Gen<byte[]> mutatedPackets() {
        return in -> {
            Draw d = new Draw(in);
            byte[] b = PacketCodec.encode(PacketGenerators.packet(d, 200));
            int edits = d.between(1, 4);
            for (int e = 0; e < edits; e++) {
                b = mutate(d, b);
            }
            return b;
        };
    }

    static byte[] mutate(Draw d, byte[] b) {
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (d.between(0, 7)) {
            case 0: {
                if (b.length > 0) {
                    int i = d.between(0, b.length * 8 - 1);
                    b[i / 8] ^= (byte) (1 << (i % 8));
                }
                return b;
            }
            case 1:
                if (b.length > 0) {
                    b[d.between(0, b.length - 1)] = (byte) d.between(0, 255);
                }
                return b;
            case 2:
                if (b.length >= 16) {
                    int len8 = b.length / 8;
                    w.putShort(d.pickInt(0, 2, 4, 6), (short) d.pickInt(0, 1, 2, 3, 4, len8 - 1, len8, len8 + 1,
                        0x7FFF, 0x8000, 0xFFFF, 0xB, 0x9, 0x7, 0x6));
                }
                return b;
            case 3:
                if (b.length >= 24) {
                    w.putInt(20, d.pickInt(0, 1, 2, 3, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1FFF_FFFF,
                        (b.length - 24) / 8, (b.length - 24) / 8 + 1));
                }
                return b;
            case 4:
                if (b.length >= 32) {
                    int at = 24 + 8 * d.between(0, (b.length - 32) / 8);
                    w.putInt(at + 4 * d.between(0, 1), d.pickInt(0, 0xFFF, 0x1000, 0xFFFF_FFFF, 0x7FFF_FFFF,
                        4096 * 3, 1));
                }
                return b;
            case 5: {
                int n = d.between(0, b.length / 8) * 8;
                byte[] t = Arrays.copyOf(b, d.oneIn(4) ? d.between(0, b.length) : n);
                fixLen8(d, t);
                return t;
            }
            case 6: {
                byte[] t = Arrays.copyOf(b, b.length + 8 * d.between(1, 8) + (d.oneIn(4) ? d.between(1, 7) : 0));
                if (d.bool()) {
                    d.bulk().nextBytes(t);
                    System.arraycopy(b, 0, t, 0, b.length);
                }
                fixLen8(d, t);
                return t;
            }
            default:
                fixLen8(d, b);
                return b;
        }
    }

    private static void fixLen8(Draw d, byte[] b) {
        if (b.length >= 16 && d.bool()) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) (b.length / 8));
        }
    }

    @Test
    void decoderThrowsOnlyMalformedPacketOnMutatedPackets() {
        CodecOracle.Stats stats = new CodecOracle.Stats();
        PropertyRuns.qt("decoderThrowsOnlyMalformedPacketOnMutatedPackets", 0x2C0DEC04L, 30000)
            .forAll(mutatedPackets())
            .describedAs(CodecOracle::hex)
            .checkAssert(b -> CodecOracle.check(b, stats));
        System.out.println("decoderThrowsOnlyMalformedPacketOnMutatedPackets: " + stats);
        assertReachedEverything(stats);
    }

    private static void assertReachedEverything(CodecOracle.Stats stats) {
        for (PacketError e : EnumSet.allOf(PacketError.class)) {
            assertTrue(stats.errors.getOrDefault(e, 0) >= 10, () -> "never rejected with " + e + ": " + stats);
        }
        for (String t : List.of("DATA_INBAND(0x06)", "COMPLETION(0x0B)", "DATA_USING_XFER_PAGES(0x07)",
            "DATA_USING_GPA_DIRECT(0x09)")) {
            assertTrue(stats.decoded.getOrDefault(t, 0) >= 10, () -> "never decoded " + t + ": " + stats);
        }
    }
}
