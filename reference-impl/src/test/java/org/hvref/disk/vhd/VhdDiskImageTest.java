package org.hvref.disk.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hvref.disk.DamagedImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layouts of created VHDs, block allocation, bitmaps, and rejection of damaged images. */
class VhdDiskImageTest {
    private static final int MIB = 1024 * 1024;
    private static final int BLOCK = 2 * MIB;
    /** 8 MiB rounded up to CHS 241/4/17, as qemu does (toolchain-and-oracles.md). */
    private static final long SIZE_8M = 8390656;

    @TempDir
    Path dir;

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    private static void patch(Path file, long position, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            f.write(bytes);
        }
    }

    private static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private Path dynamic8m() throws IOException {
        Path p = dir.resolve("d.vhd");
        VhdDiskImage.create(p, 8 * MIB, false, false).close();
        return p;
    }

    @Test
    void shouldCreateDynamicImageWithQemuLayout() throws IOException {
        Path p = dynamic8m();
        assertEquals(2560, Files.size(p)); // footer copy, header, BAT (5 entries in 512 bytes), footer
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(Arrays.copyOfRange(file, 0, 512), Arrays.copyOfRange(file, 2048, 2560));
        try (VhdDiskImage image = VhdDiskImage.open(p, true)) {
            assertEquals(SIZE_8M, image.size());
            assertFalse(image.fixed());
            assertEquals(new VhdGeometry(241, 4, 17), image.footer().geometry());
            assertEquals(VhdFooter.CREATOR_QEMU, image.footer().creatorApp());
            for (int b = 0; b < 5; b++) {
                assertFalse(image.allocated(b));
            }
        }
    }

    @Test
    void shouldCreateFixedImageWithExactSizeWhenForced() throws IOException {
        Path p = dir.resolve("f.vhd");
        try (VhdDiskImage image = VhdDiskImage.create(p, 3 * MIB, true, true)) {
            assertEquals(3 * MIB, image.size());
            assertEquals(VhdGeometry.MAX, image.footer().geometry());
            assertEquals(VhdFooter.CREATOR_QEMU_FORCE_SIZE, image.footer().creatorApp());
            assertEquals(VhdFooter.NO_DATA_OFFSET, image.footer().dataOffset());
        }
        assertEquals(3 * MIB + 512, Files.size(p));
    }

    @Test
    void shouldAllocateBlockAtEndAndMoveFooter() throws IOException {
        Path p = dynamic8m();
        byte[] data = pattern(1024, 3);
        try (VhdDiskImage image = VhdDiskImage.open(p, false)) {
            image.write(BLOCK + 4096, data, 0, data.length);
            assertTrue(image.allocated(1));
            assertFalse(image.allocated(0));
        }
        byte[] file = Files.readAllBytes(p);
        long blockStart = 2048; // where the footer was
        assertEquals(blockStart + 512 + BLOCK + 512, file.length);
        assertEquals(blockStart / 512, ByteBuffer.wrap(file, 1536 + 4, 4).getInt()); // BAT entry 1, in sectors
        assertEquals(-1, ByteBuffer.wrap(file, 1536, 4).getInt()); // BAT entry 0 still unallocated
        // bitmap: sectors 8 and 9 of the block = bits 0x80 and 0x40 of byte 1 (MSB first)
        assertEquals(0, file[(int) blockStart]);
        assertEquals((byte) 0xC0, file[(int) blockStart + 1]);
        assertEquals(0, file[(int) blockStart + 2]);
        assertArrayEquals(data, Arrays.copyOfRange(file, (int) blockStart + 512 + 4096,
                (int) blockStart + 512 + 4096 + 1024));
        assertArrayEquals(Arrays.copyOfRange(file, 0, 512), Arrays.copyOfRange(file, file.length - 512, file.length));
        try (VhdDiskImage image = VhdDiskImage.open(p, true)) {
            byte[] back = new byte[BLOCK];
            image.read(BLOCK, back, 0, BLOCK);
            byte[] expected = new byte[BLOCK];
            System.arraycopy(data, 0, expected, 4096, data.length);
            assertArrayEquals(expected, back);
        }
    }

    @Test
    void shouldReadClearBitmapSectorsAsZeros() throws IOException {
        Path p = dynamic8m();
        try (VhdDiskImage image = VhdDiskImage.open(p, false)) {
            image.write(0, pattern(512, 1), 0, 512);
        }
        patch(p, 2048 + 512 + 512, pattern(512, 9)); // data of sector 1 whose bitmap bit is clear
        try (VhdDiskImage image = VhdDiskImage.open(p, true)) {
            byte[] back = new byte[1024];
            image.read(0, back, 0, 1024);
            assertArrayEquals(pattern(512, 1), Arrays.copyOf(back, 512));
            assertArrayEquals(new byte[512], Arrays.copyOfRange(back, 512, 1024));
        }
    }

    @Test
    void shouldRefuseWritesWhenReadOnly() throws IOException {
        Path p = dynamic8m();
        try (VhdDiskImage image = VhdDiskImage.open(p, true)) {
            assertEquals("vhd image: opened read-only",
                    assertThrows(IOException.class, () -> image.write(0, new byte[512], 0, 512)).getMessage());
        }
    }

    @Test
    void shouldRejectUnalignedOrOutOfRangeRequests() throws IOException {
        try (VhdDiskImage image = VhdDiskImage.open(dynamic8m(), false)) {
            assertThrows(IllegalArgumentException.class, () -> image.read(1, new byte[512], 0, 512));
            assertThrows(IllegalArgumentException.class, () -> image.read(SIZE_8M, new byte[512], 0, 512));
            assertThrows(IllegalArgumentException.class, () -> image.write(0, new byte[512], 1, 512));
        }
    }

    @Test
    void shouldRejectBadFooterChecksum() throws IOException {
        Path p = dynamic8m();
        patch(p, 2048 + VhdFooter.CHECKSUM_OFFSET, be32(0x1234));
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertTrue(e.getMessage().startsWith("vhd footer at 2048: checksum 0x1234 (expected: 0x"), e.getMessage());
    }

    @Test
    void shouldRejectFooterCopyThatDiffers() throws IOException {
        Path p = dynamic8m();
        patch(p, 0, new byte[] {'x'});
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertEquals("vhd footer copy at 0: cookie 0x786f6e6563746978 (expected: \"conectix\")", e.getMessage());
    }

    @Test
    void shouldRejectBadDynamicHeaderCookie() throws IOException {
        Path p = dynamic8m();
        patch(p, 512, new byte[] {'X'});
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertTrue(e.getMessage().startsWith("vhd dynamic header: cookie"), e.getMessage());
    }

    @Test
    void shouldRejectBatEntryOutsideTheFile() throws IOException {
        Path p = dynamic8m();
        patch(p, 1536 + 8, be32(1_000_000));
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertEquals("vhd bat entry 2: block [512000000, 514097664) (expected: before the footer at 2048)",
                e.getMessage());
    }

    @Test
    void shouldRejectOverlappingBlocks() throws IOException {
        Path p = dynamic8m();
        try (VhdDiskImage image = VhdDiskImage.open(p, false)) {
            image.write(0, pattern(512, 1), 0, 512);
            image.write(BLOCK, pattern(512, 2), 0, 512);
        }
        patch(p, 1536 + 4, be32(4 + 1)); // block 1 starts one sector into block 0 (at sector 4)
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertEquals("vhd layout: block 1 [2560, 2100224) overlaps block 0 [2048, 2099712) (expected: disjoint)",
                e.getMessage());
    }

    @Test
    void shouldRejectBlockOverlappingTheBat() throws IOException {
        Path p = dynamic8m();
        try (VhdDiskImage image = VhdDiskImage.open(p, false)) {
            image.write(0, pattern(512, 1), 0, 512);
        }
        patch(p, 1536, be32(3)); // block 0 at byte 1536: over the header's end and the BAT
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertEquals("vhd layout: block 0 [1536, 2099200) overlaps bat [1536, 1556) (expected: disjoint)",
                e.getMessage());
    }

    @Test
    void shouldRejectTruncatedFile() throws IOException {
        Path p = dynamic8m();
        try (VhdDiskImage image = VhdDiskImage.open(p, false)) {
            image.write(0, pattern(512, 1), 0, 512);
        }
        byte[] footer = Arrays.copyOf(Files.readAllBytes(p), 512);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(2048 + MIB);
            f.seek(2048 + MIB - 512);
            f.write(footer); // a valid footer, but block 0 now runs past it
        }
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true));
        assertEquals("vhd bat entry 0: block [2048, 2099712) (expected: before the footer at 1050112)",
                e.getMessage());
    }

    @Test
    void shouldRejectFileShorterThanAFooter() throws IOException {
        Path p = dir.resolve("short.vhd");
        Files.write(p, new byte[100]);
        assertEquals("vhd file: 100 bytes (expected: >= 512)",
                assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true)).getMessage());
    }

    @Test
    void shouldRejectFixedImageWhoseSizeDoesNotMatchTheFile() throws IOException {
        Path p = dir.resolve("f.vhd");
        VhdDiskImage.create(p, MIB, true, true).close();
        byte[] footer = Arrays.copyOfRange(Files.readAllBytes(p), MIB, MIB + 512);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(MIB - 512 + 512);
            f.seek(MIB - 512);
            f.write(footer);
        }
        assertEquals("vhd fixed disk: file of 1048576 bytes (expected: current size 1048576 + 512-byte footer)",
                assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true)).getMessage());
    }

    @Test
    void shouldRejectBatTooSmallForTheSize() throws IOException {
        Path p = dynamic8m();
        byte[] header = Arrays.copyOfRange(Files.readAllBytes(p), 512, 1536);
        ByteBuffer.wrap(header).putInt(VhdDynamicHeader.MAX_TABLE_ENTRIES_OFFSET, 4);
        VhdCodecTest.fixChecksum(header, VhdDynamicHeader.CHECKSUM_OFFSET);
        patch(p, 512, header);
        assertEquals("vhd bat: 4 entries of 2097152 bytes (expected: >= 5 entries for size 8390656)",
                assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true)).getMessage());
    }

    @Test
    void shouldRejectDifferencingDisks() throws IOException {
        Path p = dynamic8m();
        byte[] footer = Arrays.copyOf(Files.readAllBytes(p), 512);
        ByteBuffer.wrap(footer).putInt(VhdFooter.DISK_TYPE_OFFSET, VhdFooter.TYPE_DIFFERENCING);
        VhdCodecTest.fixChecksum(footer, VhdFooter.CHECKSUM_OFFSET);
        patch(p, 0, footer);
        patch(p, 2048, footer);
        assertEquals("vhd footer at 2048: disk type 4 (expected: 2 fixed or 3 dynamic)",
                assertThrows(DamagedImageException.class, () -> VhdDiskImage.open(p, true)).getMessage());
    }
}
