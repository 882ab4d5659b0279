package org.hvref.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GuestMemoryTest {
    @TempDir
    static Path tmp;

    static Stream<Arguments> kinds() {
        IntFunction<GuestMemory> heap = GuestMemory::heap;
        IntFunction<GuestMemory> direct = GuestMemory::direct;
        IntFunction<GuestMemory> mapped = pages -> {
            try {
                return GuestMemory.mapped(Files.createTempFile(tmp, "mem", ".bin"), pages);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        return Stream.of(Arguments.of("heap", heap), Arguments.of("direct", direct), Arguments.of("mapped", mapped));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldStoreLittleEndian(String kind, IntFunction<GuestMemory> factory) {
        try (GuestMemory m = factory.apply(2)) {
            m.putInt(0x10, 0x11223344);
            assertEquals((byte) 0x44, m.getByte(0x10));
            assertEquals((byte) 0x11, m.getByte(0x13));
            m.putLong(0xFFC, 0x0102030405060708L); // crosses the page border: plain access, any alignment
            assertEquals((byte) 0x08, m.getByte(0xFFC));
            assertEquals(0x0102030405060708L, m.getLong(0xFFC));
            m.putShort(0x21, (short) 0xBEEF);
            assertEquals((short) 0xBEEF, m.getShort(0x21));
            assertEquals((byte) 0xEF, m.getByte(0x21));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldSupportAtomicAccessOnEveryKind(String kind, IntFunction<GuestMemory> factory) {
        try (GuestMemory m = factory.apply(1)) {
            m.putIntRelease(8, 42);
            assertEquals(42, m.getIntAcquire(8));
            m.putIntVolatile(12, -7);
            assertEquals(-7, m.getIntVolatile(12));
            assertEquals(-7, m.getInt(12));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shouldPerformAtomicReadModifyWriteOnEveryKind(String kind, IntFunction<GuestMemory> factory) {
        try (GuestMemory m = factory.apply(1)) {
            m.putInt(16, 5);
            assertFalse(m.compareAndSetInt(16, 4, 9));
            assertEquals(5, m.getInt(16));
            assertTrue(m.compareAndSetInt(16, 5, 9));
            assertEquals(9, m.getInt(16));
            assertEquals(9, m.getAndSetInt(16, -1));
            assertEquals(-1, m.getIntVolatile(16));
            m.putInt(20, 0b0101);
            assertEquals(0b0101, m.getAndBitwiseOrInt(20, 0b1010));
            assertEquals(0b1111, m.getInt(20));
            assertEquals(0b1111, m.getAndBitwiseAndInt(20, ~0b0100));
            assertEquals(0b1011, m.getInt(20));
            assertEquals((byte) 0b1011, m.getByte(20), "little-endian word");
            GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> m.getAndSetInt(18, 0));
            assertEquals(GuestMemoryError.MISALIGNED, e.reason());
            assertThrows(GuestMemoryException.class, () -> m.compareAndSetInt(4096, 0, 1));
        }
    }

    @Test
    void shouldNotLoseBitsSetConcurrentlyWithAtomicOr() throws InterruptedException {
        try (GuestMemory m = GuestMemory.heap(1)) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int base = t * 8;
                threads[t] = new Thread(() -> {
                    for (int round = 0; round < 20_000; round++) {
                        for (int bit = base; bit < base + 8; bit++) {
                            m.getAndBitwiseOrInt(0, 1 << bit);
                        }
                        for (int bit = base; bit < base + 8; bit++) {
                            m.getAndBitwiseAndInt(0, ~(1 << bit));
                        }
                    }
                    for (int bit = base; bit < base + 8; bit++) {
                        m.getAndBitwiseOrInt(0, 1 << bit);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(-1, m.getIntVolatile(0), "every thread's final bits survive the others' updates");
        }
    }

    @Test
    void shouldRejectRangeBeyondTheEndWithMessage() {
        try (GuestMemory m = GuestMemory.heap(2)) {
            GuestMemoryException e = assertThrows(GuestMemoryException.class,
                () -> m.read(0x2000, new byte[16], 0, 16));
            assertEquals(GuestMemoryError.OUT_OF_RANGE, e.reason());
            assertEquals("gpa range: 0x2000+16 (expected: within 0x0..0x2000)", e.getMessage());
            assertThrows(GuestMemoryException.class, () -> m.getLong(0x1FF9));
            assertThrows(GuestMemoryException.class, () -> m.getByte(-1));
            assertThrows(GuestMemoryException.class, () -> m.putInt(Long.MAX_VALUE - 1, 1));
            assertThrows(GuestMemoryException.class, () -> m.fill(0x1000, 0x1001, (byte) 1));
            assertThrows(GuestMemoryException.class, () -> m.write(0x1FFF, ByteBuffer.allocate(2)));
        }
    }

    @Test
    void shouldRejectMisalignedAtomicAccess() {
        try (GuestMemory m = GuestMemory.direct(1)) {
            GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> m.getIntAcquire(6));
            assertEquals(GuestMemoryError.MISALIGNED, e.reason());
            assertEquals("gpa alignment: 0x6 (expected: multiple of 4)", e.getMessage());
            assertThrows(GuestMemoryException.class, () -> m.putIntRelease(1, 0));
        }
    }

    @Test
    void shouldRejectBadPageCounts() {
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.heap(0));
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.direct(GuestMemory.MAX_PAGES + 1));
    }

    @Test
    void shouldCopyBulkAndFill() {
        try (GuestMemory m = GuestMemory.heap(2)) {
            byte[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
            m.write(0xFFA, src, 1, 10);
            byte[] dst = new byte[12];
            m.read(0xFFA, dst, 2, 10);
            assertArrayEquals(new byte[] {0, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, dst);

            ByteBuffer in = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5});
            in.position(1);
            m.write(0x100, in);
            assertEquals(5, in.position());
            ByteBuffer out = ByteBuffer.allocate(6);
            out.position(2);
            m.read(0x100, out);
            assertEquals(6, out.position());
            assertArrayEquals(new byte[] {0, 0, 8, 7, 6, 5}, out.array());

            m.fill(3, 21, (byte) 0xAB);
            assertEquals(0, m.getByte(2));
            assertEquals((byte) 0xAB, m.getByte(3));
            assertEquals((byte) 0xAB, m.getByte(23));
            assertEquals(0, m.getByte(24));
        }
    }

    @Test
    void shouldFailEveryAccessAfterClose() {
        GuestMemory m = GuestMemory.heap(1);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.getByte(0));
        assertThrows(IllegalStateException.class, () -> m.getIntAcquire(0));
    }

    @Test
    void shouldShareMappedMemoryWithASecondMapping() throws Exception {
        Path file = tmp.resolve("shared.ring");
        try (GuestMemory a = GuestMemory.mapped(file, 3); GuestMemory b = GuestMemory.mapped(file, 3)) {
            assertEquals(3 * 4096, Files.size(file));
            a.putIntRelease(0x2004, 0xCAFEBABE);
            assertEquals(0xCAFEBABE, b.getIntAcquire(0x2004));
            b.write(0x10, new byte[] {1, 2, 3}, 0, 3);
            assertEquals(3, a.getByte(0x12));
            a.force();
        }
        byte[] disk = Files.readAllBytes(file);
        assertEquals(0xCAFEBABE, ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN).getInt(0x2004));
        assertEquals(2, disk[0x11]);
        // a shorter mapping of a longer file keeps the file's length
        try (GuestMemory c = GuestMemory.mapped(file, 1)) {
            assertEquals(4096, c.size());
            assertEquals(1, c.getByte(0x10));
        }
        assertEquals(3 * 4096, Files.size(file));
    }

    @Test
    void shouldExposeBoundedSlices() {
        try (GuestMemory m = GuestMemory.heap(1)) {
            ByteBuffer s = m.slice(0x20, 8);
            s.putInt(0, 0x01020304);
            assertEquals(0x01020304, m.getInt(0x20));
            assertThrows(GuestMemoryException.class, () -> m.slice(4090, 8));
        }
    }
}
