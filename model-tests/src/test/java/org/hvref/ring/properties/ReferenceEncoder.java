package org.hvref.ring.properties;

import java.io.ByteArrayOutputStream;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;

/**
 * A deliberately naive second encoder written from vmbus-core.md §7.1–§7.4 alone (byte by byte, explicit
 * little-endian shifts, no shared constants), so the round-trip property cannot pass with an encoder and decoder
 * that agree with each other but not with the wire format (e.g. both big-endian, or both with a shifted field).
 */
final class ReferenceEncoder {
    private ReferenceEncoder() {
    }

    static byte[] encode(VmbusPacket p) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int type;
        if (p instanceof InBandPacket) {
            type = 0x6;                                    // §7.2 VM_PKT_DATA_INBAND
        } else if (p instanceof CompletionPacket) {
            type = 0xB;                                    // §7.2 VM_PKT_COMP
        } else if (p instanceof TransferPagesPacket) {
            type = 0x7;                                    // §7.3 transfer-page packet
            TransferPagesPacket t = (TransferPagesPacket) p;
            le(header, t.transferPageSetId(), 2);          // @16 xfer_pageset_id u16
            le(header, t.senderOwnsSet() ? 1 : 0, 1);      // @18 sender_owns_set u8
            le(header, 0, 1);                              // @19 reserved u8
            le(header, t.ranges().size(), 4);              // @20 range_cnt u32
            for (TransferPageRange r : t.ranges()) {       // @24 ranges {byte_count u32, byte_offset u32}
                le(header, r.byteCount(), 4);
                le(header, r.byteOffset(), 4);
            }
        } else {
            type = 0x9;                                    // §7.3 GPA-direct packet
            GpaDirectPacket g = (GpaDirectPacket) p;
            le(header, 0, 4);                              // @16 reserved u32
            le(header, g.ranges().size(), 4);              // @20 range_cnt u32
            for (GpaRange r : g.ranges()) {                // @24 {byte_count u32, byte_offset u32, pfn u64 * n}
                le(header, r.byteCount(), 4);
                le(header, r.byteOffset(), 4);
                for (long pfn : r.pfns()) {
                    le(header, pfn, 8);
                }
            }
        }
        byte[] extra = header.toByteArray();
        byte[] payload = p.payload();
        int offset8 = (16 + extra.length) / 8;             // §7.1 header length in 8-byte units
        int unpadded = 16 + extra.length + payload.length;
        int len8 = (unpadded + 7) / 8;                     // §7.4 padded to 8
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, type, 2);                                  // @0 type u16
        le(out, offset8, 2);                               // @2 offset8 u16
        le(out, len8, 2);                                  // @4 len8 u16
        le(out, p.flags(), 2);                             // @6 flags u16
        le(out, p.transactionId(), 8);                     // @8 trans_id u64
        out.writeBytes(extra);
        out.writeBytes(payload);
        for (int i = unpadded; i < len8 * 8; i++) {
            out.write(0);                                  // zero padding
        }
        return out.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
