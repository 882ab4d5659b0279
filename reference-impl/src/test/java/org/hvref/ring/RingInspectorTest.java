package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RingInspectorTest {

    @Test
    void shouldListUnreadPacketsOfAnyTypeWithoutConsumingThem() {
        RingLayout r = TestRings.ring(4096, true);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        new RingReader(r).readBatch(1, p -> { });
        w.tryWrite(0x2A, 0x8001, -1L, "hello".getBytes(), 0, 5);   // a type and flag the codec rejects
        w.tryWriteEncoded(PacketCodecTest.TRANSFER_PAGES, 0, 40);
        RingInspector.ControlSnapshot c = RingInspector.control(r);
        assertEquals(new RingInspector.ControlSnapshot(32 + 32 + 48, 32, 0, 0, 1), c);

        List<RawPacket> packets = RingInspector.unreadPackets(r);
        assertEquals(2, packets.size());
        RawPacket odd = packets.get(0);
        assertEquals(32, odd.ringOffset());
        assertEquals(0x2A, odd.type());
        assertEquals("UNKNOWN(0x2A)", odd.packetType().toString());
        assertEquals(0x8001, odd.flags());
        assertEquals(2, odd.offset8());
        assertEquals(3, odd.len8());
        assertEquals("18446744073709551615", Long.toUnsignedString(odd.transactionId()));
        assertArrayEquals(new byte[] {'h', 'e', 'l', 'l', 'o', 0, 0, 0}, odd.data());
        assertEquals(32L << 32, odd.trailer());
        assertEquals(MalformedPacketException.class, assertThrows(MalformedPacketException.class, odd::decode)
            .getClass());
        RawPacket tp = packets.get(1);
        assertArrayEquals(PacketCodecTest.TRANSFER_PAGES, tp.bytes());
        assertEquals(5, tp.offset8());
        assertTrue(tp.decode() instanceof TransferPagesPacket);
        assertEquals(32, r.readIndexAcquire()); // nothing consumed
        assertEquals(2, RingInspector.unreadPackets(r).size());
    }

    @Test
    void shouldStopAtTheFirstCorruptPacketWithItsOffset() {
        RingLayout r = TestRings.ring(4096, false);
        RingWriter w = new RingWriter(r);
        w.tryWrite(6, 0, 1, new byte[8], 0, 8);
        w.tryWrite(6, 0, 2, new byte[8], 0, 8);
        r.putLong(32, 6L | 2L << 16 | 1L << 32); // len8 1 < offset8 2
        List<RawPacket> seen = new ArrayList<>();
        RingCorruptedException e = assertThrows(RingCorruptedException.class,
            () -> RingInspector.forEachUnread(r, seen::add));
        assertEquals(RingError.LENGTH_BELOW_OFFSET, e.reason());
        assertEquals(32, e.offset());
        assertEquals(1, seen.size());
    }

    @Test
    void shouldBuildRawPacketsAndRejectInconsistentOnes() {
        RawPacket p = RawPacket.of(0xB, 1, 7, new byte[] {1, 0, 0, 0});
        assertEquals(3, p.len8());
        assertEquals(-1, p.ringOffset());
        assertEquals(new CompletionPacket(1, 7, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}), p.decode());
        assertEquals(p, RawPacket.of(0xB, 1, 7, new byte[] {1, 0, 0, 0}));
        assertEquals(32, p.ringLength());
        assertThrows(IllegalArgumentException.class, () -> new RawPacket(0, new byte[8], 0));
        // len8 = 3 in the descriptor but 32 bytes given
        assertThrows(IllegalArgumentException.class,
            () -> new RawPacket(0, java.util.Arrays.copyOf(PacketCodecTest.IN_BAND, 32), 0));
        assertThrows(IllegalArgumentException.class, () -> RawPacket.of(0x10000, 0, 0, new byte[0]));
    }

    @Test
    void shouldCoalesceDoorbellRaises() throws Exception {
        RingDoorbell d = new RingDoorbell();
        assertEquals(false, d.await(1, TimeUnit.MILLISECONDS));
        d.raise();
        d.raise();
        assertTrue(d.await(0, TimeUnit.MILLISECONDS));
        assertTrue(d.tryConsume());
        assertEquals(false, d.tryConsume()); // two raises, one event
        assertEquals(2, d.raiseCount());
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.raise();
        });
        t.start();
        assertTrue(d.await(20, TimeUnit.SECONDS));
        t.join();
        assertTrue(d.isRaised());
    }
}
