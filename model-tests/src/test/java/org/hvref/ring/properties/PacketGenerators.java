package org.hvref.ring.properties;

import java.util.ArrayList;
import java.util.List;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of valid {@link VmbusPacket}s of every codec type (vmbus-core.md §7): flags 0 or
 * COMPLETION_REQUESTED, transaction ids skewed to 0, 1, 2^63-1, 2^63 and 2^64-1, payloads of every length mod 8,
 * transfer-page ranges with u32 extremes, GPA ranges spanning several pages (and empty ranges).
 */
final class PacketGenerators {
    /** Transaction ids at the u64 edges (2^64-1 is -1 as a Java long). */
    static final long[] EDGE_TRANSACTION_IDS = {0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFFL};

    private PacketGenerators() {
    }

    /** Any packet whose payload is at most {@code maxPayload} bytes (and ranges few enough to stay small). */
    static Gen<VmbusPacket> packets(int maxPayload) {
        return in -> packet(new Draw(in), maxPayload);
    }

    static VmbusPacket packet(Draw d, int maxPayload) {
        int flags = d.bool() ? PacketDescriptor.FLAG_COMPLETION_REQUESTED : 0;
        long transactionId = d.oneIn(3) ? d.pickLong(EDGE_TRANSACTION_IDS) : d.anyLong();
        byte[] payload = d.bytes(payloadLength(d, maxPayload));
        switch (d.between(0, 3)) {
            case 0:
                return new InBandPacket(flags, transactionId, payload);
            case 1:
                return new CompletionPacket(flags, transactionId, payload);
            case 2:
                return new TransferPagesPacket(flags, transactionId, d.oneIn(4) ? d.pickInt(0, 0xFFFF)
                    : d.between(0, 0xFFFF), d.bool(), transferRanges(d), payload);
            default:
                return new GpaDirectPacket(flags, transactionId, gpaRanges(d), payload);
        }
    }

    /** A payload length: often small, every residue mod 8, sometimes up to {@code max}. */
    static int payloadLength(Draw d, int max) {
        if (d.oneIn(8)) {
            return d.between(0, max);
        }
        return d.between(0, Math.min(max, 64));
    }

    static List<TransferPageRange> transferRanges(Draw d) {
        int n = d.oneIn(4) ? 0 : d.between(1, 6);
        List<TransferPageRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranges.add(new TransferPageRange(u32(d), u32(d)));
        }
        return ranges;
    }

    static List<GpaRange> gpaRanges(Draw d) {
        int n = d.between(1, 4);
        List<GpaRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranges.add(gpaRange(d));
        }
        return ranges;
    }

    /** A GPA range: byte_offset 0..0xFFF, byte_count up to six pages (multi-page), 0 now and then. */
    static GpaRange gpaRange(Draw d) {
        long byteOffset = d.oneIn(4) ? d.pickLong(0, GpaRange.MAX_BYTE_OFFSET) : d.between(0, GpaRange.MAX_BYTE_OFFSET);
        long byteCount = d.oneIn(6) ? 0 : d.between(1, 6 * GpaRange.PAGE_SIZE - (int) byteOffset);
        long[] pfns = new long[(int) GpaRange.pfnCount(byteCount, byteOffset)];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = d.oneIn(4) ? d.pickLong(0, -1L, 0xF_FFFF_FFFFL) : d.anyLong();
        }
        return new GpaRange(byteCount, byteOffset, pfns);
    }

    private static long u32(Draw d) {
        return d.oneIn(4) ? d.pickLong(0, 1, 0xFFFF_FFFFL, 0x8000_0000L) : d.between(0, 0xFFFF_FFFFL);
    }

    /** The packet the decoder returns for {@code p}: the payload zero-padded to a multiple of 8 (PacketCodec doc). */
    static VmbusPacket padded(VmbusPacket p) {
        byte[] payload = p.payload();
        byte[] pad = java.util.Arrays.copyOf(payload, PacketDescriptor.align(payload.length));
        if (p instanceof InBandPacket) {
            return new InBandPacket(p.flags(), p.transactionId(), pad);
        } else if (p instanceof CompletionPacket) {
            return new CompletionPacket(p.flags(), p.transactionId(), pad);
        } else if (p instanceof TransferPagesPacket) {
            TransferPagesPacket t = (TransferPagesPacket) p;
            return new TransferPagesPacket(t.flags(), t.transactionId(), t.transferPageSetId(), t.senderOwnsSet(),
                t.ranges(), pad);
        } else {
            GpaDirectPacket g = (GpaDirectPacket) p;
            return new GpaDirectPacket(g.flags(), g.transactionId(), g.ranges(), pad);
        }
    }
}
