package org.hvref.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hvref.disk.vhd.VhdDiskImage;
import org.hvref.disk.vhdx.VhdxBat;
import org.hvref.disk.vhdx.VhdxImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What discard does to each format's metadata, and the argument checks it shares with write. */
class DiskDiscardTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void vhdDynamicDiscardClearsBitmapBitsZeroesDataAndKeepsTheBlock() throws IOException {
        Path p = dir.resolve("d.vhd");
        try (VhdDiskImage image = (VhdDiskImage) DiscardVariant.VHD_DYNAMIC.create(p, 4L * MIB)) {
            image.write(0, filled(8 * 512, 0x5A), 0, 8 * 512);
            image.discard(512, 2 * 512);
            byte[] bitmap = image.sectorBitmap(0);
            assertEquals((byte) 0x9F, bitmap[0], "sectors 1 and 2 cleared, 0 and 3..7 still present");
            image.discard(0, 2L * MIB);
            assertTrue(image.allocated(0), "the block stays allocated");
            assertArrayEquals(new byte[bitmap.length], image.sectorBitmap(0));
        }
        // qemu ignores bitmaps on read, so the data bytes in the file must be zero too: the only block sits right
        // after the one-sector BAT, its 512-byte bitmap first
        byte[] file = Files.readAllBytes(p);
        int data = (int) VhdDiskImage.BAT_OFFSET + 512 + 512;
        assertArrayEquals(new byte[8 * 512], Arrays.copyOfRange(file, data, data + 8 * 512));
    }

    @Test
    void vhdxDynamicDiscardSetsWholeBlocksToZeroStateAndZeroesPartialOnes() throws IOException {
        Path p = dir.resolve("d.vhdx");
        try (VhdxImage image = (VhdxImage) DiscardVariant.VHDX_DYNAMIC.create(p, 4L * MIB)) {
            image.write(0, filled(3 * MIB, 0x33), 0, 3 * MIB);
            image.discard(512, MIB - 512 + MIB); // block 0 partially (keeps sector 0), block 1 wholly
            assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(image.batEntry(0)));
            assertEquals(VhdxBat.entry(VhdxBat.ZERO, 0), image.batEntry(1), "state ZERO with offset 0");
            assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(image.batEntry(2)));
            assertTrue(!image.header().logDirty());
        }
        try (VhdxImage image = VhdxImage.open(p, true)) {
            assertEquals(VhdxBat.entry(VhdxBat.ZERO, 0), image.batEntry(1), "durable through reopen");
            byte[] got = new byte[3 * MIB];
            image.read(0, got, 0, got.length);
            byte[] want = new byte[3 * MIB];
            Arrays.fill(want, 0, 512, (byte) 0x33);
            Arrays.fill(want, 2 * MIB, 3 * MIB, (byte) 0x33);
            assertArrayEquals(want, got);
        }
    }

    @Test
    void vhdxFixedDiscardKeepsBlocksAllocated() throws IOException {
        Path p = dir.resolve("f.vhdx");
        try (VhdxImage image = (VhdxImage) DiscardVariant.VHDX_FIXED.create(p, 2L * MIB)) {
            image.write(0, filled(MIB, 0x44), 0, MIB);
            long before = image.batEntry(0);
            assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(before));
            image.discard(0, 2L * MIB);
            assertEquals(before, image.batEntry(0));
            byte[] got = new byte[MIB];
            image.read(0, got, 0, MIB);
            assertArrayEquals(new byte[MIB], got);
        }
    }

    @Test
    void discardChecksItsRangeLikeWriteAndRefusesReadOnlyImages() throws IOException {
        for (DiscardVariant v : DiscardVariant.values()) {
            Path p = dir.resolve("c-" + v);
            try (DiskImage image = v.create(p, 2L * MIB)) {
                assertThrows(IllegalArgumentException.class, () -> image.discard(100, 512), v::toString);
                assertThrows(IllegalArgumentException.class, () -> image.discard(0, 700), v::toString);
                assertThrows(IllegalArgumentException.class, () -> image.discard(image.size() - 512, 1024),
                        v::toString);
                assertThrows(IllegalArgumentException.class, () -> image.discard(-512, 512), v::toString);
                image.discard(image.size(), 0);
            }
            try (DiskImage ro = DiskImages.open(p, true)) {
                IOException e = assertThrows(IOException.class, () -> ro.discard(0, 512), v::toString);
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
        }
    }
}
