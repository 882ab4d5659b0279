package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.hvref.memory.GuestMemory;
import org.hvref.memory.GuestMemoryException;
import org.junit.jupiter.api.Test;

class RingLayoutTest {

    @Test
    void shouldPublishControlPageOffsetsOfTheFactSheet() {
        // vmbus-core.md §6.1 table
        assertEquals(0x00, RingControlDescriptor.WRITE_INDEX_OFFSET);
        assertEquals(0x04, RingControlDescriptor.READ_INDEX_OFFSET);
        assertEquals(0x08, RingControlDescriptor.INTERRUPT_MASK_OFFSET);
        assertEquals(0x0C, RingControlDescriptor.PENDING_SEND_SIZE_OFFSET);
        assertEquals(0x40, RingControlDescriptor.FEATURE_BITS_OFFSET);
        assertEquals(4096, RingControlDescriptor.CONTROL_PAGE_LENGTH);
        assertEquals(1, RingControlDescriptor.FEAT_PENDING_SEND_SIZE);
        // vmbus-core.md §7.1 table, §6.3
        assertEquals(0, PacketDescriptor.TYPE_OFFSET);
        assertEquals(2, PacketDescriptor.OFFSET8_OFFSET);
        assertEquals(4, PacketDescriptor.LEN8_OFFSET);
        assertEquals(6, PacketDescriptor.FLAGS_OFFSET);
        assertEquals(8, PacketDescriptor.TRANSACTION_ID_OFFSET);
        assertEquals(16, PacketDescriptor.LENGTH);
        assertEquals(8, PacketDescriptor.TRAILER_LENGTH);
        assertEquals(8, PacketDescriptor.ALIGNMENT);
        assertEquals(1, PacketDescriptor.FLAG_COMPLETION_REQUESTED);
        assertEquals(24, PacketDescriptor.ringLength(0));
        assertEquals(32, PacketDescriptor.ringLength(1));
        assertEquals(32, PacketDescriptor.ringLength(8));
        assertEquals(0x0000_0020_0000_0000L, PacketDescriptor.trailer(0x20));
    }

    @Test
    void shouldInitializeControlPageBytes() {
        GuestMemory m = GuestMemory.heap(2);
        m.fill(0, 4096, (byte) 0x5A);
        RingLayout r = RingLayout.contiguous(m, 0, 4096);
        r.initialize(true);
        byte[] page = new byte[4096];
        m.read(0, page, 0, 4096);
        byte[] expected = new byte[4096];
        expected[0x40] = 0x01; // feature_bits bit 0 = feat_pending_send_sz; everything else zero
        assertArrayEquals(expected, page);
        r.initialize(false);
        assertEquals(0, m.getInt(0x40));
        r.putWriteIndexRelease(0x18);
        r.putReadIndexRelease(0x10);
        r.putInterruptMaskRelease(1);
        r.putPendingSendSizeRelease(0x28);
        assertEquals(0x18, m.getInt(0x00));
        assertEquals(0x10, m.getInt(0x04));
        assertEquals(1, m.getInt(0x08));
        assertEquals(0x28, m.getInt(0x0C));
        assertEquals(0x28, r.pendingSendSizeAcquire());
    }

    @Test
    void shouldWrapCopiesOverNonContiguousPages() {
        GuestMemory m = GuestMemory.heap(8);
        // control page 5; data pages 2, 7, 0 (in that order): data offsets 0..4095 -> page 2, 4096.. -> 7, 8192.. -> 0
        RingLayout r = RingLayout.ofPages(m, new long[] {5, 2, 7, 0});
        assertEquals(3 * 4096, r.dataSize());
        assertEquals(5 * 4096, r.controlGpa());
        assertEquals(7 * 4096 + 8, r.dataGpa(4096 + 8));

        byte[] src = TestRings.payload(300, 1);
        r.copyIn(4000, src, 0, 300); // crosses data page 2 -> 7
        assertEquals(src[0], m.getByte(2 * 4096 + 4000));
        assertEquals(src[95], m.getByte(2 * 4096 + 4095));
        assertEquals(src[96], m.getByte(7 * 4096));
        assertEquals(src[299], m.getByte(7 * 4096 + 203));

        r.copyIn(12288 - 100, src, 0, 300); // crosses the end of the region: wraps to data offset 0 (page 2)
        assertEquals(src[99], m.getByte(0 * 4096 + 4095));
        assertEquals(src[100], m.getByte(2 * 4096));
        assertEquals(src[299], m.getByte(2 * 4096 + 199));

        byte[] back = new byte[300];
        r.copyOut(12288 - 100, back, 0, 300);
        assertArrayEquals(src, back);
        ByteBuffer bb = ByteBuffer.allocate(300);
        r.copyOut(12288 - 100, bb);
        assertArrayEquals(src, bb.array());

        ByteBuffer in = ByteBuffer.wrap(TestRings.payload(5000, 9));
        r.copyIn(4090, in); // spans pages 2, 7 and 0
        assertEquals(5000, in.position());
        byte[] out = new byte[5000];
        r.copyOut(4090, out, 0, 5000);
        assertArrayEquals(TestRings.payload(5000, 9), out);
        // pages outside the ring stay untouched
        for (long page : new long[] {1, 3, 4, 6}) {
            for (int i = 0; i < 4096; i += 512) {
                assertEquals(0, m.getByte(page * 4096 + i));
            }
        }
        r.putLong(4088, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, m.getLong(2 * 4096 + 4088));
        assertEquals(0x1122334455667788L, r.getLong(4088));
    }

    @Test
    void shouldSupportTinyModelRings() {
        GuestMemory m = GuestMemory.heap(2);
        RingLayout r = RingLayout.contiguous(m, 0, 48);
        r.copyIn(40, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 10);
        assertEquals(9, m.getByte(4096));
        assertEquals(1, m.getByte(4096 + 40));
        assertThrows(IndexOutOfBoundsException.class, () -> r.copyIn(0, new byte[49], 0, 49));
        assertThrows(IndexOutOfBoundsException.class, () -> r.copyOut(48, new byte[1], 0, 1));
        RingLayout paged = RingLayout.ofPages(m, new long[] {1, 0}, 64);
        assertEquals(64, paged.dataSize());
    }

    @Test
    void shouldRejectPagesOutsideGuestMemory() {
        GuestMemory m = GuestMemory.heap(4);
        assertThrows(GuestMemoryException.class, () -> RingLayout.ofPages(m, new long[] {0, 4}));
        assertThrows(GuestMemoryException.class, () -> RingLayout.contiguous(m, 0x1000, 3 * 4096));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.ofPages(m, new long[] {0}));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.ofPages(m, new long[] {0, -1}));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.contiguous(m, 0x800, 4096));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.contiguous(m, 0, 4092));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.ofPages(m, new long[] {0, 1}, 8192));
    }
}
