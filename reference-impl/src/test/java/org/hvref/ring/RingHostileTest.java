package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.hvref.memory.GuestMemory;
import org.hvref.wire.ProtocolException;
import org.junit.jupiter.api.Test;

/**
 * Seeded random hostile ring contents: the reader, writer, inspector and codec throw nothing but the typed
 * exceptions, never hang, and never touch guest memory outside the ring.
 */
class RingHostileTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int ITERATIONS = 3000;

    private static int index(Random rnd, int dataSize) {
        switch (rnd.nextInt(4)) {
            case 0:
                return rnd.nextInt();                          // anything
            case 1:
                return rnd.nextInt(dataSize);                  // maybe misaligned
            default:
                return rnd.nextInt(dataSize / 8) * 8;          // plausible
        }
    }

    @Test
    void shouldOnlyThrowTypedExceptionsAndStayInsideTheRing() {
        Random rnd = new Random(SEED);
        int delivered = 0;
        int failures = 0;
        java.util.EnumSet<RingError> reasons = java.util.EnumSet.noneOf(RingError.class);
        for (int it = 0; it < ITERATIONS; it++) {
            GuestMemory m = GuestMemory.heap(6);
            m.fill(0, m.size(), (byte) 0xC3);                 // canary everywhere
            int dataSize = 8 * (3 + rnd.nextInt(1020));        // 24 .. 8176 bytes over two data pages
            RingLayout r = RingLayout.ofPages(m, new long[] {3, 5, 1}, dataSize);
            byte[] data = new byte[dataSize];
            rnd.nextBytes(data);
            // plant a chain of plausible packets from the read index (wrapping), mutated now and then, so the
            // deeper checks are reached
            int ri = index(rnd, dataSize);
            int at = Math.floorMod(ri, dataSize) & ~7;
            int used = 0;
            while (rnd.nextInt(6) != 0) {
                int len8 = 2 + rnd.nextInt(8);
                if (used + len8 * 8 + 8 > dataSize - 8) {
                    break;
                }
                int offset8 = rnd.nextInt(10) == 0 ? rnd.nextInt(5) : 2;
                putLe(data, at, 6 | (long) offset8 << 16 | (long) len8 << 32
                    | (rnd.nextInt(10) == 0 ? (long) rnd.nextInt(4) << 48 : 0), 8);
                long trailer = rnd.nextInt(20) == 0 ? rnd.nextLong() : (long) at << 32;
                putLe(data, (at + len8 * 8) % dataSize, trailer, 8);
                used += len8 * 8 + 8;
                at = (at + len8 * 8 + 8) % dataSize;
            }
            r.copyIn(0, data, 0, dataSize);
            r.putReadIndexRelease(ri);
            r.putWriteIndexRelease(rnd.nextInt(3) == 0 ? index(rnd, dataSize) : at + (rnd.nextInt(10) == 0 ? 8 : 0));
            r.putPendingSendSizeRelease(rnd.nextInt());
            r.putFeatureBitsRelease(rnd.nextInt(2));
            byte[] before = snapshotOutside(m, r);

            try {
                RingInspector.forEachUnread(r, p -> { });
            } catch (RingCorruptedException expected) {
                failures++;
                reasons.add(expected.reason());
            }
            try {
                RingReader reader = new RingReader(r);
                for (int round = 0; round < 4; round++) {
                    BatchResult b = reader.readBatch(1 + rnd.nextInt(8), p -> {
                        try {
                            p.decode();
                        } catch (MalformedPacketException expected) {
                            // typed
                        }
                    });
                    delivered += b.packets();
                    if (rnd.nextBoolean()) {
                        r.putWriteIndexRelease(index(rnd, dataSize)); // the control page changes under us
                    }
                }
            } catch (RingCorruptedException expected) {
                failures++;
                reasons.add(expected.reason());
            } catch (ProtocolException other) {
                fail("unexpected protocol exception type: " + other);
            }
            try {
                RingWriter writer = new RingWriter(r);
                for (int k = 0; k < 3; k++) {
                    int len = rnd.nextInt(Math.max(1, dataSize - 32));
                    writer.tryWrite(6, 0, k, new byte[len], 0, len);
                    r.putReadIndexRelease(index(rnd, dataSize));
                }
            } catch (RingCorruptedException expected) {
                failures++;
                reasons.add(expected.reason());
            } catch (IllegalArgumentException tooBig) {
                // a packet that can never fit this tiny ring: a caller error, not a ring error
            }
            assertArrayEquals(before, snapshotOutside(m, r), "memory outside the ring changed, iteration " + it);
        }
        assertTrue(delivered > 100, "the generator never produced readable packets: " + delivered);
        System.out.println("hostile rings: delivered=" + delivered + " failures=" + failures + " reasons=" + reasons);
        assertEquals(java.util.EnumSet.allOf(RingError.class), reasons, "reasons the generator reached");
        assertTrue(failures > ITERATIONS, "the generator never produced corrupt rings: " + failures);
    }

    private static void putLe(byte[] data, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            data[(at + i) % data.length] = (byte) (value >>> (8 * i));
        }
    }

    /** Every byte of guest memory that is neither the control fields nor the ring's data region. */
    private static byte[] snapshotOutside(GuestMemory m, RingLayout r) {
        byte[] all = new byte[(int) m.size()];
        m.read(0, all, 0, all.length);
        // blank the control fields (0x00..0x0F, 0x40..0x43) and the data region, which the ring may change
        java.util.Arrays.fill(all, (int) r.controlGpa(), (int) r.controlGpa() + 16, (byte) 0);
        java.util.Arrays.fill(all, (int) r.controlGpa() + 0x40, (int) r.controlGpa() + 0x44, (byte) 0);
        for (int off = 0; off < r.dataSize(); off++) {
            all[(int) r.dataGpa(off)] = 0;
        }
        return all;
    }
}
