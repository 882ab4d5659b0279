package org.hvref.disk.vhdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hvref.disk.DiskImages;
import org.hvref.disk.ImageCheckReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VhdxCheck: clean images, damaged headers and region tables, BAT problems listed together, dirty log + repair. */
class VhdxCheckTest {
    private static final long MIB = VhdxLayout.MIB;

    @TempDir
    Path dir;

    private Path written(String name) throws IOException {
        Path p = dir.resolve(name);
        VhdxImage.create(p, VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        try (VhdxImage image = VhdxImage.open(p, false)) {
            image.write(0, new byte[4096], 0, 4096);
            image.write(3 * MIB, new byte[4096], 0, 4096);
            image.discard(3 * MIB, MIB);
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
    void shouldFindNoErrorInAnImageHvrefWroteAndDiscarded() throws IOException {
        ImageCheckReport r = DiskImages.check(written("clean.vhdx"), false);
        assertEquals(List.of(), r.errors());
        assertTrue(r.facts().contains("1/8 = 12.50% allocated blocks, 7 in state ZERO"), r.facts()::toString);
    }

    @Test
    void shouldNameTheDamagedHeaderAndRegionTable() throws IOException {
        Path p = written("h.vhdx");
        poke(p, VhdxLayout.HEADER1_OFFSET + 4, 0x5A);
        poke(p, VhdxLayout.REGION_TABLE2_OFFSET + 4, 0x5A);
        ImageCheckReport r = DiskImages.check(p, false);
        assertEquals(2, r.errors().size(), r.errors()::toString);
        assertTrue(r.errors().get(0).startsWith("vhdx header 1: checksum 0x"), r.errors()::toString);
        assertTrue(r.errors().get(1).startsWith("vhdx region table 2: checksum 0x"), r.errors()::toString);
    }

    @Test
    void shouldListEveryBadBatEntry() throws IOException {
        Path p = written("bat.vhdx");
        long batOffset = 2 * MIB; // BAT region right after the 1 MiB log at 1 MiB
        poke(p, batOffset + 8 * 2, 4); // payload 2: state 4 (reserved)
        poke(p, batOffset + 8 * 5 + 1, 0x10); // payload 5: a reserved bit
        ImageCheckReport r = DiskImages.check(p, false);
        assertEquals(List.of("vhdx BAT entry 2: state 4 (expected: 0, 1, 2, 3, 5 or 6 without a parent)",
                "vhdx BAT entry 5: 0x0000000000001002 has reserved bits set"), r.errors());
    }

    @Test
    void shouldReportADirtyLogAndReplayItOnlyWithRepair() throws IOException {
        MemoryImageFile dirty = null;
        for (long k = 0; dirty == null; k++) {
            MemoryImageFile f = VhdxImageTest.created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
            f.crashAfter(k);
            try (VhdxImage image = VhdxImage.open(f, false)) {
                byte[] data = new byte[512];
                data[0] = 9;
                image.write(2 * MIB, data, 0, 512);
            } catch (IOException e) {
                assertEquals("injected crash", e.getMessage());
            }
            MemoryImageFile after = f.afterCrash(true, false);
            try (VhdxImage ro = VhdxImage.open(after.copy(), true)) {
                if (ro.header().logDirty() && ro.logEntriesReplayed() > 0) {
                    dirty = after;
                }
            }
            assertTrue(k < 100, "no crash point leaves a dirty log");
        }
        Path p = dir.resolve("dirty.vhdx");
        byte[] bytes = new byte[(int) dirty.length()];
        dirty.read(0, bytes, 0, bytes.length);
        Files.write(p, bytes);
        ImageCheckReport r = DiskImages.check(p, false);
        assertEquals(1, r.errors().size(), r.errors()::toString);
        assertTrue(r.errors().get(0).matches("vhdx log: dirty, LogGuid .*, 1 entries to replay \\(expected: clean;"
                + " --repair replays it\\)"), r.errors()::toString);
        assertTrue(r.repaired().isEmpty());
        assertEquals(List.of(r.errors().get(0)), DiskImages.check(p, false).errors(), "check alone changes nothing");
        ImageCheckReport fixed = DiskImages.check(p, true);
        assertEquals(List.of(), fixed.errors());
        assertEquals(List.of("vhdx log: replayed 1 entries, LogGuid cleared"), fixed.repaired());
        try (VhdxImage image = VhdxImage.open(p, true)) {
            assertFalse(image.header().logDirty());
            byte[] got = new byte[512];
            image.read(2 * MIB, got, 0, 512);
            assertEquals(9, got[0]);
        }
    }
}
