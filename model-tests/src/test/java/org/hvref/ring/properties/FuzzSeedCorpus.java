package org.hvref.ring.properties;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketCodec;
import org.hvref.ring.PacketError;
import org.hvref.ring.RingError;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.properties.RingScenario.Op;

/**
 * The checked-in seed corpora of {@link RingReaderFuzzTest} and {@link PacketCodecFuzzTest}, as code: each seed file
 * is {@code <name>} in the fuzz method's inputs folder, and each seed names the outcome it must reach, which
 * {@link FuzzSeedCorpusTest} checks (so a seed that stops reaching its branch fails instead of silently testing
 * less). Regenerate the files with {@code mvn test -Dtest=FuzzSeedCorpusTest -Dhvref.corpus.write=true}.
 */
final class FuzzSeedCorpus {
    static final String RING_DIR = "RingReaderFuzzTestInputs/readerOnlyThrowsRingCorrupted";
    static final String CODEC_DIR = "PacketCodecFuzzTestInputs/decoderOnlyThrowsMalformedPacket";

    /** A ring seed and what running it must give: a failure reason or none, and at least that many packets. */
    record RingSeed(RingScenario scenario, RingError failure, int minPackets) {
    }

    /** A codec seed and what decoding it must give: a packet type code, or a rejection reason. */
    record CodecSeed(byte[] bytes, int decodedType, PacketError error) {
    }

    private FuzzSeedCorpus() {
    }

    private static Op op(int code, int a, int b, int value) {
        return new Op(code, a, b, value);
    }

    private static Op read(int max) {
        return op(Op.READ, max - 1, 0xFFFF, 0);
    }

    private static RingScenario ring(int dataSize, int options, int chain, int wi, int ri, int pending,
                                     byte[] data, Op... ops) {
        return new RingScenario(dataSize, options, chain, wi, ri, 0, pending, 1, data, List.of(ops));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static Map<String, RingSeed> ringSeeds() {
        Map<String, RingSeed> m = new LinkedHashMap<>();
        // valid rings
        m.put("valid-contiguous-batches", new RingSeed(ring(4096, 0, 9, 0, 0, 0, random(4096, 1),
            op(Op.BEGIN, 0, 0, 0), read(3), read(16), op(Op.END, 0, 0, 0)), null, 8));
        m.put("valid-paged-wrap-pending-signal", new RingSeed(ring(8192, RingScenario.OPTION_PAGED, 13, 0,
            8192 - 64, 7000, random(8192, 2),
            op(Op.READ, 2, 1, 0), op(Op.APPEND, 0, 0, 40), read(16), op(Op.APPEND, 1, 0, 7), read(4),
            op(Op.SET_PENDING, 0, 0, 600), op(Op.APPEND, 0, 0, 63), op(Op.APPEND, 0, 0, 63), read(1)), null, 14));
        m.put("valid-traced-begin-end", new RingSeed(ring(512, RingScenario.OPTION_TRACED, 5, 0, 480, 0,
            new byte[512], op(Op.BEGIN, 0, 0, 0), read(2), op(Op.END, 0, 0, 0), read(8), op(Op.END, 0, 0, 0),
            op(Op.APPEND, 0, 0, 1), op(Op.BEGIN, 0, 0, 0), read(8), op(Op.END, 0, 0, 0)), null, 5));
        // hostile control pages
        m.put("hostile-write-index-out-of-range", new RingSeed(ring(8192, 0, 0, 8192, 0, 0, new byte[0]),
            RingError.INDEX_OUT_OF_RANGE, 0));
        m.put("hostile-read-index-negative", new RingSeed(ring(4096, RingScenario.OPTION_PAGED, 0, 0, -8, 0,
            new byte[0]), RingError.INDEX_OUT_OF_RANGE, 0));
        m.put("hostile-write-index-misaligned", new RingSeed(ring(4096, 0, 4, 0, 0, 0, random(4096, 4),
            read(1), op(Op.MOVE_WI, 0, 0, 4), read(16), read(16), op(Op.APPEND, 0, 0, 3), read(1)),
            RingError.INDEX_MISALIGNED, 1));
        m.put("hostile-write-index-regressed", new RingSeed(ring(4096, 0, 5, 0, 0, 0, new byte[4096],
            read(1), op(Op.MOVE_WI, 0, 0, -24), read(16), op(Op.APPEND, 0, 0, 0), read(1)),
            RingError.WRITE_INDEX_REGRESSED, 1));
        m.put("hostile-available-too-small", new RingSeed(ring(4096, 0, 0, 16, 0, 0, new byte[4096], read(1),
            op(Op.SET_WI, 0, 0, 24), op(Op.BEGIN, 0, 0, 0)), RingError.AVAILABLE_TOO_SMALL, 0));
        // hostile packets
        m.put("hostile-offset8-too-small", new RingSeed(ring(4096, RingScenario.OPTION_PAGED, 3, 0, 4000, 0,
            random(4096, 5), op(Op.CORRUPT_NEXT, 0, 0, 1), read(4), read(4)), RingError.OFFSET_TOO_SMALL, 0));
        m.put("hostile-len8-below-offset8", new RingSeed(ring(4096, 0, 3, 0, 64, 0, random(4096, 6),
            read(1), op(Op.CORRUPT_NEXT, 1, 0, 1), op(Op.BEGIN, 0, 0, 0), read(4), op(Op.END, 0, 0, 0)),
            RingError.LENGTH_BELOW_OFFSET, 1));
        m.put("hostile-huge-len8", new RingSeed(ring(12288, RingScenario.OPTION_PAGED, 2, 0, 4088, 0,
            random(12288, 7), op(Op.CORRUPT_NEXT, 1, 0, 0xFFFF), read(1), op(Op.CORRUPT_NEXT, 1, 0, 2), read(1)),
            RingError.PACKET_EXCEEDS_RING, 0));
        m.put("hostile-packet-exceeds-available", new RingSeed(ring(4096, 0, 2, 0, 0, 0, new byte[4096],
            op(Op.CORRUPT_NEXT, 1, 0, 4), read(1), op(Op.END, 0, 0, 0), read(2)), RingError.PACKET_EXCEEDS_AVAILABLE,
            0));
        m.put("hostile-wrong-trailer", new RingSeed(ring(4096, 0, 6, 0, 4056, 0, random(4096, 8),
            read(2), op(Op.CORRUPT_NEXT, 2, 0, 12345), read(16), op(Op.APPEND, 0, 0, 5), read(16)),
            RingError.TRAILER_MISMATCH, 2));
        m.put("hostile-control-page-changes-mid-batch", new RingSeed(ring(2048, RingScenario.OPTION_TRACED, 10,
            0, 1024, 0, random(2048, 9), op(Op.READ, 7, 1, 0), op(Op.SET_WI, 0, 0, 1028), read(8)),
            RingError.INDEX_MISALIGNED, 2));
        m.put("hostile-random", new RingSeed(RingScenario.fromBytes(random(4200, 10)), RingError.INDEX_OUT_OF_RANGE,
            0));
        return m;
    }

    private static byte[] le(byte[] b, int offset, long value, int width) {
        for (int i = 0; i < width; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    static Map<String, CodecSeed> codecSeeds() {
        Map<String, CodecSeed> m = new LinkedHashMap<>();
        byte[] inband = PacketCodec.encode(new InBandPacket(1, 42, "hello, vmbus".getBytes()));
        byte[] completion = PacketCodec.encode(new CompletionPacket(0, -1L, new byte[24]));
        byte[] transfer = PacketCodec.encode(new TransferPagesPacket(1, Long.MIN_VALUE, 0xFFFF, true, List.of(
            new TransferPageRange(1500, 0), new TransferPageRange(0xFFFF_FFFFL, 0xFFFF_FFFFL)), new byte[8]));
        byte[] gpa = PacketCodec.encode(new GpaDirectPacket(1, 7, List.of(
            new GpaRange(3 * 4096 + 1, 0xFFF, new long[] {1, 2, 3, 4}), new GpaRange(0, 0, new long[0])),
            random(16, 11)));
        m.put("valid-inband", new CodecSeed(inband, 0x6, null));
        m.put("valid-completion", new CodecSeed(completion, 0xB, null));
        m.put("valid-transfer-pages", new CodecSeed(transfer, 0x7, null));
        m.put("valid-gpa-direct-multi-page", new CodecSeed(gpa, 0x9, null));
        m.put("hostile-too-short", new CodecSeed(Arrays.copyOf(inband, 8), -1, PacketError.TOO_SHORT));
        m.put("hostile-len8-mismatch", new CodecSeed(le(inband.clone(), 4, 99, 2), -1, PacketError.LENGTH_MISMATCH));
        m.put("hostile-offset8-one", new CodecSeed(le(inband.clone(), 2, 1, 2), -1, PacketError.OFFSET_TOO_SMALL));
        m.put("hostile-gpa-offset8-two", new CodecSeed(le(gpa.clone(), 2, 2, 2), -1, PacketError.OFFSET_TOO_SMALL));
        m.put("hostile-offset8-beyond-len8", new CodecSeed(le(completion.clone(), 2, 6, 2), -1,
            PacketError.OFFSET_BEYOND_LENGTH));
        m.put("hostile-unknown-flag", new CodecSeed(le(inband.clone(), 6, 0x8001, 2), -1, PacketError.UNKNOWN_FLAGS));
        m.put("hostile-unsupported-type", new CodecSeed(le(inband.clone(), 0, 0x5, 2), -1,
            PacketError.UNSUPPORTED_TYPE));
        m.put("hostile-gpa-zero-ranges", new CodecSeed(le(gpa.clone(), 20, 0, 4), -1, PacketError.BAD_RANGE_COUNT));
        m.put("hostile-transfer-range-count-max", new CodecSeed(le(transfer.clone(), 20, 0xFFFF_FFFFL, 4), -1,
            PacketError.BAD_RANGE_COUNT));
        m.put("hostile-gpa-byte-offset-4096", new CodecSeed(le(gpa.clone(), 28, 0x1000, 4), -1,
            PacketError.BAD_BYTE_OFFSET));
        m.put("hostile-gpa-pfn-count", new CodecSeed(le(gpa.clone(), 24, 0xFFFF_FFFFL, 4), -1,
            PacketError.BAD_PFN_COUNT));
        return m;
    }

    /** Every ring seed's bytes, by file name. */
    static Map<String, byte[]> ringFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        ringSeeds().forEach((k, v) -> m.put(k, v.scenario().toBytes()));
        return m;
    }

    /** Every codec seed's bytes, by file name. */
    static Map<String, byte[]> codecFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        codecSeeds().forEach((k, v) -> m.put(k, v.bytes()));
        return m;
    }
}
