package org.hvref.disk.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.hvref.disk.DiskImages;
import org.hvref.disk.ImageCheckReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VhdCheck: clean fixed and dynamic images, damaged footers, truncation and BAT problems listed together. */
class VhdCheckTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path dynamic(String name) throws IOException {
        Path p = dir.resolve(name);
        try (VhdDiskImage image = VhdDiskImage.create(p, 6L * MIB, false, false)) {
            image.write(0, new byte[512], 0, 512);
            image.write(2L * MIB, new byte[512], 0, 512);
            image.write(4L * MIB, new byte[512], 0, 512);
            image.discard(2L * MIB, 2L * MIB);
        }
        return p;
    }

    private static void poke(Path p, long at, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            f.write(value);
        }
    }

    @Test
    void shouldFindNoErrorInFixedAndDynamicImages() throws IOException {
        Path fixed = dir.resolve("f.vhd");
        VhdDiskImage.create(fixed, 3L * MIB, true, false).close();
        assertEquals(List.of(), DiskImages.check(fixed, false).errors());
        ImageCheckReport r = DiskImages.check(dynamic("d.vhd"), false);
        assertEquals(List.of(), r.errors());
        assertTrue(r.facts().stream().anyMatch(f -> f.startsWith("3/4 = 75.00% allocated blocks of 2097152 bytes, 1 "
                + "with an empty sector bitmap")), r.facts()::toString);
    }

    @Test
    void shouldNameTheFooterChecksum() throws IOException {
        Path p = dynamic("c.vhd");
        long size = p.toFile().length();
        poke(p, size - 512 + VhdFooter.CHECKSUM_OFFSET, 0x5A);
        ImageCheckReport r = DiskImages.check(p, false);
        assertEquals(1, r.errors().size(), r.errors()::toString);
        assertTrue(r.errors().get(0).startsWith("vhd footer at " + (size - 512) + ": checksum"), r.errors()::toString);
    }

    @Test
    void shouldListEveryBadBatEntry() throws IOException {
        Path p = dynamic("b.vhd");
        // BAT at 1536, block 0 at sector 4 (byte 2048), block 1 at sector 0x1005: entry 1 -> sector 5 (inside
        // block 0), entry 3 -> far beyond the footer
        poke(p, VhdDiskImage.BAT_OFFSET + 4 + 2, 0);
        poke(p, VhdDiskImage.BAT_OFFSET + 4 + 3, 5);
        poke(p, VhdDiskImage.BAT_OFFSET + 12, 0x40); // entry 3: far beyond the footer
        ImageCheckReport r = DiskImages.check(p, false);
        assertEquals(2, r.errors().size(), r.errors()::toString);
        assertTrue(r.errors().get(0).startsWith("vhd bat entry 3: block ["), r.errors()::toString);
        assertTrue(r.errors().get(1).startsWith("vhd layout: block 1 ["), r.errors()::toString);
        assertTrue(r.errors().get(1).contains("overlaps block 0"), r.errors()::toString);
    }
}
