package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden vectors (vmbus-core.md §7.1–§7.4), one comment per field, and every decoder rejection. */
class PacketCodecTest {

    static final byte[] IN_BAND = Bytes.of(
        0x06, 0x00,                                     // offset 0: type = 6 DATA_INBAND
        0x02, 0x00,                                     // offset 2: offset8 = 2 (16-byte descriptor)
        0x03, 0x00,                                     // offset 4: len8 = 3 (24 bytes)
        0x01, 0x00,                                     // offset 6: flags = COMPLETION_REQUESTED
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // offset 8: transaction id 0x1122334455667788
        0x41, 0x42, 0x43,                               // offset 16: payload "ABC"
        0x00, 0x00, 0x00, 0x00, 0x00);                  // offset 19: zero padding to 8

    static final byte[] TRANSFER_PAGES = Bytes.of(
        0x07, 0x00,                                     // offset 0: type = 7 DATA_USING_XFER_PAGES
        0x05, 0x00,                                     // offset 2: offset8 = 5 (24 + 2 * 8 = 40 bytes of header)
        0x05, 0x00,                                     // offset 4: len8 = 5 (no payload)
        0x01, 0x00,                                     // offset 6: flags = COMPLETION_REQUESTED
        0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 8: transaction id 5
        0x34, 0x12,                                     // offset 16: xfer_pageset_id = 0x1234
        0x01,                                           // offset 18: sender_owns_set = 1
        0x00,                                           // offset 19: reserved
        0x02, 0x00, 0x00, 0x00,                         // offset 20: range_cnt = 2
        0x64, 0x00, 0x00, 0x00,                         // offset 24: range 0 byte_count = 100
        0x00, 0x00, 0x00, 0x00,                         // offset 28: range 0 byte_offset = 0
        0x3C, 0x00, 0x00, 0x00,                         // offset 32: range 1 byte_count = 60
        0x00, 0x10, 0x00, 0x00);                        // offset 36: range 1 byte_offset = 4096

    static final byte[] GPA_DIRECT = Bytes.of(
        0x09, 0x00,                                     // offset 0: type = 9 DATA_USING_GPA_DIRECT
        0x06, 0x00,                                     // offset 2: offset8 = 6 (24 + 8 + 2 * 8 = 48 bytes)
        0x07, 0x00,                                     // offset 4: len8 = 7 (56 bytes)
        0x01, 0x00,                                     // offset 6: flags = COMPLETION_REQUESTED
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 8: transaction id 7
        0x00, 0x00, 0x00, 0x00,                         // offset 16: reserved
        0x01, 0x00, 0x00, 0x00,                         // offset 20: range_cnt = 1
        0x00, 0x18, 0x00, 0x00,                         // offset 24: byte_count = 0x1800
        0x00, 0x08, 0x00, 0x00,                         // offset 28: byte_offset = 0x800 -> ceil(0x2000/4096) = 2 pfns
        0x45, 0x23, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 32: pfn 0x12345
        0x46, 0x23, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 40: pfn 0x12346
        0x70, 0x61, 0x79, 0x6C, 0x6F, 0x61, 0x64, 0x21);// offset 48: payload "payload!"

    static final byte[] COMPLETION = Bytes.of(
        0x0B, 0x00,                                     // offset 0: type = 0xB COMPLETION
        0x02, 0x00,                                     // offset 2: offset8 = 2
        0x03, 0x00,                                     // offset 4: len8 = 3
        0x00, 0x00,                                     // offset 6: flags = 0
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // offset 8: transaction id 7 (echoes the request)
        0x01, 0x00, 0x00, 0x00,                         // offset 16: payload (status 1)
        0x00, 0x00, 0x00, 0x00);                        // offset 20: zero padding

    @Test
    void shouldEncodeInBandPacketExactly() {
        InBandPacket p = new InBandPacket(1, 0x1122334455667788L, new byte[] {0x41, 0x42, 0x43});
        assertArrayEquals(IN_BAND, PacketCodec.encode(p));
        assertEquals(24, PacketCodec.encodedLength(p));
        assertEquals(16, PacketCodec.headerLength(p));
        // the wire keeps no unpadded length: the decoded payload runs to len8*8
        InBandPacket d = (InBandPacket) PacketCodec.decode(IN_BAND, IN_BAND.length);
        assertArrayEquals(new byte[] {0x41, 0x42, 0x43, 0, 0, 0, 0, 0}, d.payload());
        assertTrue(d.completionRequested());
        assertEquals(0x1122334455667788L, d.transactionId());
    }

    @Test
    void shouldEncodeAndDecodeTransferPagesPacketExactly() {
        TransferPagesPacket p = new TransferPagesPacket(1, 5, 0x1234, true,
            List.of(new TransferPageRange(100, 0), new TransferPageRange(60, 4096)), new byte[0]);
        assertArrayEquals(TRANSFER_PAGES, PacketCodec.encode(p));
        assertEquals(p, PacketCodec.decode(TRANSFER_PAGES, TRANSFER_PAGES.length));
    }

    @Test
    void shouldEncodeAndDecodeGpaDirectPacketExactly() {
        GpaDirectPacket p = new GpaDirectPacket(1, 7,
            List.of(new GpaRange(0x1800, 0x800, new long[] {0x12345, 0x12346})), "payload!".getBytes());
        assertArrayEquals(GPA_DIRECT, PacketCodec.encode(p));
        assertEquals(p, PacketCodec.decode(GPA_DIRECT, GPA_DIRECT.length));
    }

    @Test
    void shouldEncodeAndDecodeCompletionPacketExactly() {
        CompletionPacket p = new CompletionPacket(0, 7, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        assertArrayEquals(COMPLETION, PacketCodec.encode(p));
        assertEquals(p, PacketCodec.decode(COMPLETION, COMPLETION.length));
        assertEquals(PacketType.COMPLETION, p.type());
    }

    @Test
    void shouldDecodeFromByteBufferPositionWithoutMovingIt() {
        ByteBuffer b = ByteBuffer.allocate(40);
        b.position(8);
        b.put(COMPLETION);
        b.position(8);
        VmbusPacket p = PacketCodec.decode(b, COMPLETION.length);
        assertEquals(7, p.transactionId());
        assertEquals(8, b.position());
    }

    @Test
    void shouldRoundTripAlignedPayloadsOfEveryType() {
        byte[] payload = new byte[24];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7 + 1);
        }
        List<VmbusPacket> packets = List.of(
            new InBandPacket(0, -1L, payload),
            new CompletionPacket(1, Long.MIN_VALUE, new byte[0]),
            new TransferPagesPacket(0, 3, 0xFFFF, false, List.of(), payload),
            new TransferPagesPacket(1, 3, 0, true, List.of(new TransferPageRange(0xFFFF_FFFFL, 0xFFFF_FFFFL)),
                payload),
            new GpaDirectPacket(1, 9, List.of(new GpaRange(0, 0, new long[0]),
                new GpaRange(1, 0xFFF, new long[] {1}), new GpaRange(4096, 1, new long[] {-1L, 0})), payload));
        for (VmbusPacket p : packets) {
            byte[] encoded = PacketCodec.encode(p);
            assertEquals(p, PacketCodec.decode(encoded, encoded.length), p.toString());
        }
    }

    // ---------------------------------------------------------------- rejections

    private static MalformedPacketException reject(byte[] bytes, PacketError reason, String message) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
            () -> PacketCodec.decode(bytes, bytes.length));
        assertEquals(reason, e.reason());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    private static byte[] with(byte[] golden, int offset, int... values) {
        byte[] b = golden.clone();
        for (int i = 0; i < values.length; i++) {
            b[offset + i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void shouldRejectTooShortPacket() {
        reject(new byte[8], PacketError.TOO_SHORT, "packet length: 8 bytes (expected: >= 16)");
    }

    @Test
    void shouldRejectLen8DisagreeingWithLength() {
        reject(with(IN_BAND, 4, 0x04), PacketError.LENGTH_MISMATCH, "len8: 4 (expected: 24 bytes / 8)");
    }

    @Test
    void shouldRejectOffset8BelowTwo() {
        reject(with(IN_BAND, 2, 0x01), PacketError.OFFSET_TOO_SMALL, "offset8: 1 (expected: >= 2)");
    }

    @Test
    void shouldRejectOffset8BeyondLen8() {
        reject(with(IN_BAND, 2, 0x04), PacketError.OFFSET_BEYOND_LENGTH, "offset8: 4 (expected: <= len8 3)");
    }

    @Test
    void shouldRejectUnknownFlagBits() {
        reject(with(IN_BAND, 6, 0x03), PacketError.UNKNOWN_FLAGS, "flags: 0x3 (expected: only 0x1)");
        reject(with(IN_BAND, 7, 0x80), PacketError.UNKNOWN_FLAGS, null);
    }

    @Test
    void shouldRejectTypesWithoutCodec() {
        for (int type : new int[] {0, 1, 2, 3, 4, 5, 8, 0xA, 0xC, 0xD, 0xE, 0xFFFF}) {
            reject(with(IN_BAND, 0, type & 0xFF, type >>> 8), PacketError.UNSUPPORTED_TYPE, null);
        }
        reject(with(IN_BAND, 0, 0x04), PacketError.UNSUPPORTED_TYPE,
            "packet type: ESTABLISH_GPADL(0x04) (expected: one of 0x06, 0x07, 0x09, 0x0B)");
    }

    @Test
    void shouldRequireOffset8OfThreeForExtendedHeaders() {
        // a type 7 / 9 packet with only the descriptor as header would underflow (OVMM commit 4386c390b)
        byte[] seven = with(IN_BAND, 0, 0x07);
        reject(seven, PacketError.OFFSET_TOO_SMALL, "offset8: 2 (expected: >= 3 for DATA_USING_XFER_PAGES(0x07))");
        reject(with(IN_BAND, 0, 0x09), PacketError.OFFSET_TOO_SMALL, null);
    }

    @Test
    void shouldRejectTransferPageRangesBeyondHeader() {
        reject(with(TRANSFER_PAGES, 20, 0x03), PacketError.BAD_RANGE_COUNT,
            "transfer page range count: 3 (expected: <= 2 ranges in offset8*8 = 40 bytes)");
        reject(with(TRANSFER_PAGES, 20, 0xFF, 0xFF, 0xFF, 0xFF), PacketError.BAD_RANGE_COUNT, null);
    }

    @Test
    void shouldRejectGpaDirectWithoutRanges() {
        reject(with(GPA_DIRECT, 20, 0x00), PacketError.BAD_RANGE_COUNT, "gpa range count: 0 (expected: >= 1)");
    }

    @Test
    void shouldRejectGpaDirectRangeCountBeyondHeader() {
        reject(with(GPA_DIRECT, 20, 0x02), PacketError.BAD_RANGE_COUNT, null);
        reject(with(GPA_DIRECT, 20, 0xFF, 0xFF, 0xFF, 0xFF), PacketError.BAD_RANGE_COUNT, null);
    }

    @Test
    void shouldRejectGpaByteOffsetAbove0xFff() {
        reject(with(GPA_DIRECT, 28, 0x00, 0x10), PacketError.BAD_BYTE_OFFSET,
            "gpa range 0 byte offset: 4096 (expected: <= 4095)");
    }

    @Test
    void shouldRejectGpaPfnsBeyondHeader() {
        // byte_count 0x2000 at offset 0x800 needs 3 pfns; only 2 fit in offset8*8 = 48 bytes
        reject(with(GPA_DIRECT, 24, 0x00, 0x20), PacketError.BAD_PFN_COUNT,
            "gpa range 0 pfn count: 3 (expected: <= 2 page numbers left in offset8*8 = 48 bytes)");
    }

    @Test
    void shouldIgnoreReservedGarbage() {
        // reserved fields "may have garbage" (vmbus-core.md §7.3)
        GpaDirectPacket g = (GpaDirectPacket) PacketCodec.decode(with(GPA_DIRECT, 16, 0xAA, 0xBB), 56);
        assertEquals(1, g.ranges().size());
        TransferPagesPacket t = (TransferPagesPacket) PacketCodec.decode(with(TRANSFER_PAGES, 18, 0x02, 0xEE), 40);
        assertTrue(t.senderOwnsSet());
    }

    @Test
    void shouldValidateRecordArguments() {
        assertThrows(IllegalArgumentException.class, () -> new InBandPacket(2, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new GpaRange(1, 4096, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new GpaRange(4097, 0, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new GpaDirectPacket(0, 0, List.of(), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new TransferPageRange(-1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> new TransferPagesPacket(0, 0, 0x10000, false, List.of(), new byte[0]));
        assertThrows(IllegalArgumentException.class,
            () -> PacketCodec.encode(new InBandPacket(0, 0, new byte[0xFFFF * 8])));
    }

    @Test
    void shouldNameAndReopenPacketTypes() {
        assertEquals("DATA_INBAND(0x06)", PacketType.DATA_INBAND.toString());
        assertEquals("COMPLETION(0x0B)", PacketType.valueOf(0xB).toString());
        assertEquals("UNKNOWN(0x2A)", PacketType.valueOf(0x2A).toString());
        assertEquals("UNKNOWN(0xFFFFFFFF)", PacketType.valueOf(-1).toString());
        assertEquals(PacketType.valueOf(0x2A), PacketType.valueOf(0x2A));
        for (int code = 0; code <= 0xD; code++) {
            assertTrue(PacketType.valueOf(code).isKnown());
            assertEquals(code, PacketType.valueOf(code).code());
        }
        assertEquals(false, PacketType.valueOf(0xE).isKnown());
    }
}
