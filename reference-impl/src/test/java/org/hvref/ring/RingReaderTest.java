package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingReaderTest {

    /** Writes a descriptor at {@code at} (zero body) and a trailer after len8*8 bytes; does not publish. */
    private static void craft(RingLayout r, int at, int offset8, int len8, long trailer) {
        long word0 = 6L | (long) offset8 << 16 | (long) len8 << 32;
        r.putLong(at, word0);
        r.putLong((at + 8) % r.dataSize(), 0);
        int end = (at + len8 * 8) % r.dataSize();
        if (len8 * 8 + 8 <= r.dataSize()) {
            r.putLong(end, trailer);
        }
    }

    private static RingCorruptedException corrupt(RingReader reader, RingError reason) {
        RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> reader.readBatch(8, p -> { }));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(RingReader.State.FAILED, reader.state());
        assertSame(e, reader.failure());
        return e;
    }

    @Test
    void shouldReadPacketsInOrderAcrossTheWrap() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        int next = 0;
        List<byte[]> sent = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            for (int k = 0; k < 3; k++) {
                byte[] p = TestRings.payload(37 * round % 700 + k, round + k);
                if (w.tryWrite(6, k & 1, sent.size() + 1, p, 0, p.length).written()) {
                    sent.add(p);
                }
            }
            List<RawPacket> got = TestRings.readAll(rd, 100);
            for (RawPacket raw : got) {
                byte[] p = sent.get(next);
                assertEquals(next + 1, raw.transactionId());
                assertArrayEquals(p, java.util.Arrays.copyOf(raw.data(), p.length));
                assertEquals((long) raw.ringOffset() << 32, raw.trailer());
                next++;
            }
        }
        assertEquals(sent.size(), next);
        assertTrue(next > 100);
        assertEquals(r.writeIndexAcquire(), r.readIndexAcquire());
    }

    @Test
    void shouldCopyTheLargestPacketIncludingItsDescriptor() {
        // hazard L-RING-8: the copy buffer must hold DataSize - 8 bytes, descriptor included
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        rd.readBatch(1, p -> { });            // move the indexes so the big packet wraps
        byte[] big = TestRings.payload(4064, 5); // ring length 16 + 4064 + 8 = 4088 = DataSize - 8
        assertEquals(WriteStatus.WRITTEN_SIGNAL, w.tryWrite(6, 0, 2, big, 0, big.length));
        List<RawPacket> got = TestRings.readAll(rd, 1);
        assertEquals(1, got.size());
        assertArrayEquals(big, got.get(0).data());
        assertEquals((32 + 4088) % 4096, rd.readIndex());
        assertEquals(rd.readIndex(), r.readIndexAcquire());
    }

    @Test
    void shouldHandTheHandlerAPrivateCopy() {
        // hazard L-RING-9: the peer rewriting the ring after validation does not change what the handler sees
        RingLayout r = TestRings.ring(4096, false);
        new RingWriter(r).tryWrite(6, 1, 77, TestRings.payload(16, 1), 0, 16);
        RingReader rd = new RingReader(r);
        List<String> seen = new ArrayList<>();
        rd.readBatch(1, p -> {
            r.memory().fill(4096, 64, (byte) 0xFF); // hostile rewrite while the packet is handled
            seen.add(p.type() + "/" + p.offset8() + "/" + p.len8() + "/" + p.flags() + "/" + p.transactionId()
                + "/" + p.payloadLength() + "/" + p.payload()[15]);
            assertTrue(p.completionRequested());
            assertEquals(0, p.ringOffset());
        });
        assertEquals(List.of("6/2/4/1/77/16/16"), seen);
    }

    @Test
    void shouldLimitBatchesAndCommitOncePerBatch() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        for (int i = 0; i < 3; i++) {
            w.tryWrite(6, 0, i, new byte[8], 0, 8);
        }
        RingReader rd = new RingReader(r);
        List<Integer> readIndexDuringBatch = new ArrayList<>();
        BatchResult b = rd.readBatch(2, p -> readIndexDuringBatch.add(r.readIndexAcquire()));
        assertEquals(2, b.packets());
        assertEquals(List.of(0, 0), readIndexDuringBatch); // not committed until the batch ends
        assertEquals(64, r.readIndexAcquire());
        assertEquals(1, rd.readBatch(2, p -> { }).packets());
        assertSame(BatchResult.EMPTY, rd.readBatch(2, p -> { }));
        assertEquals(3, rd.packetsRead());
    }

    @Test
    void shouldCommitAPacketWhoseHandlerThrewWithTheNextBatch() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        w.tryWrite(6, 0, 2, new byte[8], 0, 8);
        RingReader rd = new RingReader(r);
        assertThrows(IllegalStateException.class, () -> rd.readBatch(1, p -> {
            throw new IllegalStateException("handler bug");
        }));
        assertEquals(0, r.readIndexAcquire());
        List<Long> ids = new ArrayList<>();
        assertEquals(1, rd.readBatch(8, p -> ids.add(p.transactionId())).packets());
        assertEquals(List.of(2L), ids);
        assertEquals(64, r.readIndexAcquire());
    }

    // ---------------------------------------------------------------- every RingError

    @Test
    void shouldRejectWriteIndexOutOfRange() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        r.putWriteIndexRelease(4100);
        RingCorruptedException e = corrupt(rd, RingError.INDEX_OUT_OF_RANGE);
        assertEquals("write index: 4100 (expected: < 4096, multiple of 8)", e.getMessage());
        r.putWriteIndexRelease(-8);
        assertEquals("write index: 4294967288 (expected: < 4096, multiple of 8)",
            assertThrows(RingCorruptedException.class, () -> new RingReader(r)).getMessage());
    }

    @Test
    void shouldRejectMisalignedWriteIndex() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        r.putWriteIndexRelease(36);
        assertEquals("write index: 36 (expected: < 4096, multiple of 8)",
            corrupt(rd, RingError.INDEX_MISALIGNED).getMessage());
    }

    @Test
    void shouldRejectMisalignedOwnReadIndexOnAttach() {
        RingLayout r = TestRings.ring(4096, false);
        r.putReadIndexRelease(4);
        assertEquals(RingError.INDEX_MISALIGNED,
            assertThrows(RingCorruptedException.class, () -> new RingReader(r)).reason());
    }

    @Test
    void shouldRejectLessDataThanAPacket() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        r.putWriteIndexRelease(16);
        RingCorruptedException e = corrupt(rd, RingError.AVAILABLE_TOO_SMALL);
        assertEquals("available data: 16 bytes at 0 (expected: 0 or >= 24, descriptor + trailer)", e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void shouldRejectOffset8BelowTwo() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        craft(r, 0, 1, 2, 0);
        r.putWriteIndexRelease(24);
        assertEquals("packet offset8: 1 at 0 (expected: >= 2)", corrupt(rd, RingError.OFFSET_TOO_SMALL).getMessage());
    }

    @Test
    void shouldRejectLen8BelowOffset8() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        craft(r, 0, 3, 2, 0);
        r.putWriteIndexRelease(24);
        assertEquals("packet len8: 2 at 0 (expected: >= offset8 3)",
            corrupt(rd, RingError.LENGTH_BELOW_OFFSET).getMessage());
    }

    @Test
    void shouldRejectPacketLongerThanPublishedData() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        craft(r, 0, 2, 4, 0); // 40 ring bytes
        r.putWriteIndexRelease(32);
        assertEquals("packet length: 40 bytes at 0 (expected: <= 32 bytes published)",
            corrupt(rd, RingError.PACKET_EXCEEDS_AVAILABLE).getMessage());
    }

    @Test
    void shouldRejectPacketLongerThanTheRing() {
        RingLayout r = TestRings.ring(64, false);
        RingReader rd = new RingReader(r);
        craft(r, 0, 2, 0xFFFF, 0);
        r.putWriteIndexRelease(56);
        assertEquals("packet length: 524288 bytes at 0 (expected: <= 56, data size minus one free slot)",
            corrupt(rd, RingError.PACKET_EXCEEDS_RING).getMessage());
    }

    @Test
    void shouldRejectTrailerDisagreeingWithPacketStart() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        w.tryWrite(6, 0, 2, new byte[8], 0, 8);
        r.putLong(56, 0L); // second packet (at 32) claims to start at 0
        RingReader rd = new RingReader(r);
        List<Long> ids = new ArrayList<>();
        RingCorruptedException e = assertThrows(RingCorruptedException.class,
            () -> rd.readBatch(8, p -> ids.add(p.transactionId())));
        assertEquals(RingError.TRAILER_MISMATCH, e.reason());
        assertEquals("packet trailer offset: 0 at 32 (expected: 32, the packet start)", e.getMessage());
        assertEquals(32, e.offset());
        assertEquals(List.of(1L), ids); // the good packet before it was delivered, not committed
        assertEquals(0, r.readIndexAcquire());
    }

    @Test
    void shouldRejectWriteIndexMovingBackwards() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        for (int i = 0; i < 3; i++) {
            w.tryWrite(6, 0, i, new byte[8], 0, 8);  // wi = 96
        }
        RingReader rd = new RingReader(r);
        assertEquals(1, rd.readBatch(1, p -> { }).packets()); // sees wi = 96, commits 32
        r.putWriteIndexRelease(64);                            // the control page changes under the reader
        RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> rd.readBatch(8, p -> { }));
        assertEquals(RingError.WRITE_INDEX_REGRESSED, e.reason());
        assertEquals("write index: 64 (expected: from last write index 96 forward, not past read index 32)",
            e.getMessage());
    }

    @Test
    void shouldRejectWriteIndexFillingTheRingOntoTheReader() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        w.tryWrite(6, 0, 2, new byte[8], 0, 8);      // wi = 64
        RingReader rd = new RingReader(r, new org.hvref.trace.RecordingTracer()); // traced: reloads each read
        assertEquals(1, rd.readBatch(1, p -> { }).packets()); // committed 32
        // wi = 32 = read index: the writer would have filled all 4096 bytes (one slot must stay free). Any other
        // value ahead of the read index is indistinguishable from legitimate writing and is caught, if garbage,
        // by the descriptor checks.
        r.putWriteIndexRelease(32);
        assertEquals("write index: 32 (expected: from last write index 64 forward, not past read index 32)",
            corrupt(rd, RingError.WRITE_INDEX_REGRESSED).getMessage());
    }

    @Test
    void shouldStayFailedUntilReset() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        r.putWriteIndexRelease(4);
        corrupt(rd, RingError.INDEX_MISALIGNED);
        r.putWriteIndexRelease(0);                    // the ring looks fine again ...
        RingCorruptedException again = assertThrows(RingCorruptedException.class, () -> rd.readBatch(1, p -> { }));
        assertEquals(RingError.INDEX_MISALIGNED, again.reason()); // ... but the reader does not resynchronise
        assertTrue(again.getMessage().startsWith("ring reader failed earlier: write index: 4"));
        assertThrows(RingCorruptedException.class, () -> rd.beginRead(new RingDoorbell()));
        assertThrows(RingCorruptedException.class, rd::endRead);
        rd.reset();
        assertEquals(RingReader.State.IDLE, rd.state());
        assertNull(rd.failure());
        new RingWriter(r).tryWrite(6, 0, 1, new byte[0], 0, 0);
        assertEquals(1, rd.readBatch(1, p -> { }).packets());
    }

    @Test
    void shouldEnforceReadingProtocol() {
        RingLayout r = TestRings.ring(4096, false);
        RingReader rd = new RingReader(r);
        RingDoorbell doorbell = new RingDoorbell();
        assertThrows(IllegalStateException.class, rd::endRead);
        assertFalse(rd.beginRead(doorbell));
        assertEquals(RingReader.State.IDLE, rd.state());
        assertEquals(0, r.interruptMaskAcquire());
        doorbell.raise();
        assertTrue(rd.beginRead(doorbell));
        assertThrows(IllegalStateException.class, () -> rd.beginRead(doorbell));
        assertThrows(IllegalArgumentException.class, () -> rd.readBatch(0, p -> { }));
        assertFalse(rd.endRead());
        assertEquals(RingReader.State.IDLE, rd.state());
    }

    // ---------------------------------------------------------------- pending_send_sz signalling

    /** A 128-byte ring with three 40-byte packets (wi = 120, free = 8) and a writer sleeping on {@code pend}. */
    private static RingReader fullRingWithSleepingWriter(RingLayout r, int pend) {
        RingWriter w = new RingWriter(r);
        for (int i = 0; i < 3; i++) {
            assertTrue(w.tryWrite(6, 0, i, new byte[16], 0, 16).written());
        }
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 3, new byte[16], 0, 16));
        assertFalse(w.requestSpace(pend));
        return new RingReader(r);
    }

    @Test
    void shouldSignalWriterWhenFreeSpaceCrossesPending() {
        RingLayout r = TestRings.ring(128, true);
        RingReader rd = fullRingWithSleepingWriter(r, 40);
        BatchResult b = rd.readBatch(1, p -> { });   // free 8 -> 48: 8 <= 40 < 48
        assertEquals(BatchResult.of(1, true), b);
        assertFalse(rd.readBatch(1, p -> { }).signalWriter()); // free 48 -> 88: there was already enough
    }

    @Test
    void shouldTreatExactlyFillingAsNotEnough() {
        RingLayout r = TestRings.ring(128, true);
        RingReader rd = fullRingWithSleepingWriter(r, 48);
        assertFalse(rd.readBatch(1, p -> { }).signalWriter()); // free 48: a 48-byte write needs free > 48
        assertTrue(rd.readBatch(1, p -> { }).signalWriter());  // free 48 -> 88
    }

    @Test
    void shouldSignalOnceForAWholeBatch() {
        RingLayout r = TestRings.ring(128, true);
        RingReader rd = fullRingWithSleepingWriter(r, 80);
        assertEquals(BatchResult.of(3, true), rd.readBatch(8, p -> { })); // free 8 -> 128
    }

    @Test
    void shouldNotSignalWithoutPendingOrFeature() {
        RingLayout r = TestRings.ring(128, true);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[16], 0, 16);
        assertFalse(new RingReader(r).readBatch(8, p -> { }).signalWriter()); // pend = 0

        RingLayout noFeature = TestRings.ring(128, true);
        RingReader rd = fullRingWithSleepingWriter(noFeature, 40);
        noFeature.putFeatureBitsRelease(0);  // a reader attaching to a ring without the bit
        rd = new RingReader(noFeature);
        assertFalse(rd.featurePendingSend());
        assertFalse(rd.readBatch(1, p -> { }).signalWriter()); // old hosts poll: no pending-send signalling
    }

    @Test
    void shouldIgnoreLowBitsOfPendingSendSize() {
        // some peers write "ring size - 1"; OVMM masks off the low 3 bits (vmbus-core.md §6.5, L-RING-7)
        // With every free-space value a multiple of 8 the decision is the same with or without the mask; what the
        // reader loads (and traces) is the masked value.
        RingLayout r = TestRings.ring(128, true);
        fullRingWithSleepingWriter(r, 40);
        org.hvref.trace.RecordingTracer t = new org.hvref.trace.RecordingTracer();
        RingReader rd = new RingReader(r, t);
        r.putPendingSendSizeRelease(47); // masked: 40
        assertTrue(rd.readBatch(1, p -> { }).signalWriter());
        assertEquals("ReaderReadPending[pend=40]", t.events().get(2).toString());
    }

    @Test
    void shouldWakeTheSleepingWriterEndToEnd() {
        RingLayout r = TestRings.ring(128, true);
        RingWriter w = new RingWriter(r);
        RingReader rd = new RingReader(r);
        RingDoorbell writerBell = new RingDoorbell();
        for (int i = 0; i < 3; i++) {
            w.tryWrite(6, 0, i, new byte[16], 0, 16);
        }
        assertEquals(WriteStatus.FULL, w.tryWrite(6, 0, 3, new byte[16], 0, 16));
        assertFalse(w.requestSpace(PacketDescriptor.ringLength(16)));
        if (rd.readBatch(1, p -> { }).signalWriter()) {
            writerBell.raise();
        }
        assertTrue(w.wake(writerBell));
        assertEquals(WriteStatus.WRITTEN, w.tryWrite(6, 0, 3, new byte[16], 0, 16));
    }
}
