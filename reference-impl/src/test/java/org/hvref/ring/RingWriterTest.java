package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.hvref.memory.GuestMemory;
import org.junit.jupiter.api.Test;

class RingWriterTest {

    private static byte[] dataBytes(RingLayout r, int offset, int length) {
        byte[] b = new byte[length];
        r.copyOut(offset, b, 0, length);
        return b;
    }

    @Test
    void shouldWriteDescriptorPaddingAndTrailerExactly() {
        RingLayout r = TestRings.ring(4096, true);
        r.memory().fill(4096, 4096, (byte) 0xEE); // garbage in the data region: padding must be written as zeros
        RingWriter w = new RingWriter(r);
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 1, new byte[8], 0, 8));
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 1, 0x1122334455667788L, "ABC".getBytes(), 0, 3));
        byte[] expected = Bytes.concat(PacketCodecTest.IN_BAND, Bytes.of(
            0x00, 0x00, 0x00, 0x00,                     // trailer bytes 0-3: reserved, zero
            0x20, 0x00, 0x00, 0x00));                   // trailer bytes 4-7: start offset 0x20 of this packet
        assertArrayEquals(expected, dataBytes(r, 0x20, 32));
        assertArrayEquals(Bytes.of(
            0x06, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, // type 6, offset8 2, len8 3, flags 0
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // transaction id 1
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // payload: 8 zero bytes
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),// trailer: start offset 0
            dataBytes(r, 0, 32));
        assertEquals(0x40, r.memory().getInt(RingControlDescriptor.WRITE_INDEX_OFFSET));
        assertEquals((byte) 0xEE, r.memory().getByte(4096 + 0x40)); // nothing written past the packet
        assertEquals(2, w.packetsWritten());
    }

    @Test
    void shouldWriteEncodedPacketsUnchanged() {
        RingLayout r = TestRings.ring(4096, true);
        RingWriter w = new RingWriter(r);
        GpaDirectPacket p = new GpaDirectPacket(1, 7,
            List.of(new GpaRange(0x1800, 0x800, new long[] {0x12345, 0x12346})), "payload!".getBytes());
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(p));
        assertArrayEquals(Bytes.concat(PacketCodecTest.GPA_DIRECT, new byte[8]), dataBytes(r, 0, 64));
        assertEquals(WriteStatus.WRITTEN, w.tryWriteEncoded(PacketCodecTest.TRANSFER_PAGES, 0, 40));
        assertArrayEquals(PacketCodecTest.TRANSFER_PAGES, dataBytes(r, 64, 40));
        assertEquals(64L << 32, r.getLong(104));
        assertThrows(IllegalArgumentException.class, () -> w.tryWriteEncoded(PacketCodecTest.IN_BAND, 0, 16));
        assertThrows(IllegalArgumentException.class, () -> w.tryWriteEncoded(new byte[24], 0, 24));
    }

    @Test
    void shouldWriteByteBufferPayloadWithoutConsumingIt() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        ByteBuffer payload = ByteBuffer.wrap(TestRings.payload(20, 3));
        payload.position(5);
        w.tryWrite(0xB, 0, 9, payload);
        assertEquals(5, payload.position());
        RawPacket raw = RingInspector.unreadPackets(r).get(0);
        assertEquals(0xB, raw.type());
        assertEquals(4, raw.len8()); // 16 + 15 -> 32 bytes
        byte[] expected = new byte[16];
        System.arraycopy(TestRings.payload(20, 3), 5, expected, 0, 15);
        assertArrayEquals(expected, raw.data());
    }

    @Test
    void shouldKeepOneSlotFree() {
        RingLayout r = TestRings.ring(64, false);
        RingWriter w = new RingWriter(r);
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 0, new byte[8], 0, 8)); // len 32, free 64
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 0, new byte[8], 0, 8));           // free 32: not > 32
        assertEquals(RingWriter.State.FULL, w.state());
        assertEquals(32, r.writeIndexAcquire());
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 0, new byte[0], 0, 0));         // len 24 < free 32
        assertEquals(56, r.writeIndexAcquire());                                           // 8 bytes stay free
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 0, new byte[0], 0, 0));
        // a packet of DataSize - 8 ring bytes fits an empty ring; DataSize never can
        RingWriter big = new RingWriter(TestRings.ring(64, false));
        assertEquals(WriteStatus.WRITTEN_SIGNAL, big.tryWrite(6, 0, 0, new byte[32], 0, 32)); // len 56
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new RingWriter(TestRings.ring(64, false)).tryWrite(6, 0, 0, new byte[40], 0, 40));
        assertEquals("packet ring length: 64 bytes (expected: <= 56, data size 64 minus one free 8-byte slot)",
            e.getMessage());
    }

    @Test
    void shouldSignalOnlyOnEmptyToNonEmpty() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 1, new byte[4], 0, 4));
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 2, new byte[4], 0, 4));
        assertEquals(1, rd.readBatch(1, p -> { }).packets());
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 3, new byte[4], 0, 4)); // reader not caught up
        assertEquals(2, rd.readBatch(10, p -> { }).packets());
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 4, new byte[4], 0, 4)); // empty again
    }

    @Test
    void shouldNotSignalWhileReaderMasksInterrupts() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        RingDoorbell doorbell = new RingDoorbell();
        doorbell.raise();
        assertTrue(rd.beginRead(doorbell));
        assertEquals(1, r.interruptMaskAcquire());
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 1, new byte[4], 0, 4)); // empty -> non-empty, but masked
        assertTrue(rd.endRead());                       // the re-check finds the packet and re-masks
        assertEquals(1, r.interruptMaskAcquire());
        assertEquals(1, rd.readBatch(8, p -> { }).packets());
        assertFalse(rd.endRead());
        assertEquals(0, r.interruptMaskAcquire());
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 2, new byte[4], 0, 4));
    }

    @Test
    void shouldRejectCorruptReadIndexAndStayFailed() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8); // wi = 32
        r.putReadIndexRelease(4100);
        RingCorruptedException e = assertThrows(RingCorruptedException.class,
            () -> w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertEquals(RingError.INDEX_OUT_OF_RANGE, e.reason());
        assertEquals("read index: 4100 (expected: < 4096, multiple of 8)", e.getMessage());
        assertEquals(RingWriter.State.FAILED, w.state());
        r.putReadIndexRelease(0);
        RingCorruptedException again = assertThrows(RingCorruptedException.class,
            () -> w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertEquals(RingError.INDEX_OUT_OF_RANGE, again.reason());
        w.reset();
        assertEquals(RingWriter.State.READY, w.state());
        assertTrue(w.tryWrite(6, 0, 2, new byte[8], 0, 8).written());

        r.putReadIndexRelease(12);
        assertEquals(RingError.INDEX_MISALIGNED, assertThrows(RingCorruptedException.class,
            () -> w.tryWrite(6, 0, 3, new byte[8], 0, 8)).reason());
    }

    @Test
    void shouldRejectReadIndexPassingTheWriter() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8); // wi = 32, ri = 0
        r.putReadIndexRelease(72);              // beyond write_index, even after this write (64)
        RingCorruptedException e = assertThrows(RingCorruptedException.class,
            () -> w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertEquals(RingError.READ_INDEX_REGRESSED, e.reason());
        assertEquals("read index: 72 (expected: from last read index 0 forward up to write index 64)",
            e.getMessage());
    }

    @Test
    void shouldRejectReadIndexMovingBackwards() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        w.tryWrite(6, 0, 2, new byte[8], 0, 8);
        rd.readBatch(1, p -> { });               // ri = 32
        w.tryWrite(6, 0, 3, new byte[8], 0, 8);  // the writer sees ri = 32
        r.putReadIndexRelease(0);                // and now it goes back
        assertEquals(RingError.READ_INDEX_REGRESSED, assertThrows(RingCorruptedException.class,
            () -> w.tryWrite(6, 0, 4, new byte[8], 0, 8)).reason());
    }

    @Test
    void shouldEnforceTheWaitingProtocol() {
        RingLayout r = TestRings.ring(64, true);
        RingWriter w = new RingWriter(r);
        RingDoorbell doorbell = new RingDoorbell();
        assertThrows(IllegalStateException.class, () -> w.requestSpace(32));
        assertThrows(IllegalStateException.class, () -> w.wake(doorbell));
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertThrows(IllegalArgumentException.class, () -> w.requestSpace(64));
        assertFalse(w.requestSpace(32));
        assertEquals(32, r.pendingSendSizeAcquire());
        assertEquals(RingWriter.State.SLEEPING, w.state());
        assertThrows(IllegalStateException.class, () -> w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertFalse(w.wake(doorbell));           // not raised: nothing happens
        assertEquals(32, r.pendingSendSizeAcquire());
        doorbell.raise();
        assertTrue(w.wake(doorbell));
        assertEquals(0, r.pendingSendSizeAcquire());
        assertFalse(doorbell.isRaised());
        assertEquals(RingWriter.State.READY, w.state());
    }

    @Test
    void shouldRefusePendingSendWithoutTheFeatureBit() {
        RingLayout r = TestRings.ring(64, false);
        RingWriter w = new RingWriter(r);
        assertFalse(w.featurePendingSend());
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertThrows(IllegalStateException.class, () -> w.requestSpace(32));
        assertEquals(0, r.pendingSendSizeAcquire());
        assertEquals(RingWriter.State.FULL, w.state()); // it can still retry
    }

    @Test
    void shouldClearPendingWhenRecheckFindsSpace() {
        RingLayout r = TestRings.ring(64, true);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
        rd.readBatch(1, p -> { });               // frees space before the writer asks for it
        assertTrue(w.requestSpace(32));
        assertEquals(0, r.pendingSendSizeAcquire());
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 2, new byte[8], 0, 8));
    }

    @Test
    void shouldAttachToARingInUse() {
        GuestMemory m = GuestMemory.heap(2);
        RingLayout r = RingLayout.contiguous(m, 0, 4096);
        r.initialize(false);
        new RingWriter(r).tryWrite(6, 0, 1, new byte[8], 0, 8);
        RingWriter second = new RingWriter(r);
        assertEquals(32, second.writeIndex());
        assertEquals(WriteStatus.WRITTEN, second.tryWrite(6, 0, 2, new byte[8], 0, 8));
        assertEquals(2, RingInspector.unreadPackets(r).size());
        r.putWriteIndexRelease(7);
        assertEquals(RingError.INDEX_MISALIGNED,
            assertThrows(RingCorruptedException.class, () -> new RingWriter(r)).reason());
    }
}
