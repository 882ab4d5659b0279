package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDisksTest {

    @Test
    void shouldPlanScatteredNonTouchingAlignedWritesInsideEachDisk() {
        for (DemoDisks.Disk d : DemoDisks.DISKS) {
            for (long seed = 0; seed < 200; seed++) {
                List<DemoDisks.Write> plan = DemoDisks.plan(d, seed);
                assertEquals(DemoDisks.PATTERN_BYTES.length, plan.size());
                long third = d.sectors() / plan.size();
                for (int i = 0; i < plan.size(); i++) {
                    DemoDisks.Write w = plan.get(i);
                    assertEquals(DemoDisks.PATTERN_BYTES[i], w.data().length);
                    assertEquals(0, w.lba() % 8, w::describe);
                    // inside its third, with a free sector on each side
                    assertTrue(w.lba() - 1 >= i * third && w.lba() + w.sectors() < (i + 1) * third,
                            () -> d + " seed: " + w.describe());
                }
            }
        }
    }

    @Test
    void shouldPlanTheSameWritesForTheSameSeedAndOthersForAnother() {
        assertEquals(DemoDisks.plan(DemoDisks.SCSI, 4), DemoDisks.plan(DemoDisks.SCSI, 4));
        assertNotEquals(DemoDisks.plan(DemoDisks.SCSI, 4), DemoDisks.plan(DemoDisks.SCSI, 5));
        assertNotEquals(DemoDisks.plan(DemoDisks.SCSI, 4), DemoDisks.plan(DemoDisks.IDE, 4));
    }

    @Test
    void shouldCreateBothImagesInAKeptDirectoryAndPassBothChecksAfterWrites(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("disks");
        try (DemoDisks disks = DemoDisks.create(dir)) {
            assertTrue(disks.kept());
            for (DemoDisks.Disk d : DemoDisks.DISKS) {
                assertEquals(DiskFormat.VHDX, org.hvref.disk.DiskImages.probe(disks.path(d)));
                List<DemoDisks.Write> plan = DemoDisks.plan(d, 9);
                write(disks, d, plan);
                DemoDisks.Checked checked = disks.check(d, plan, QemuImgCheck.onPath());
                DemoDisks.ReadBack back = checked.readBack();
                assertTrue(back.ok(), back::line);
                assertEquals(3, back.writes());
                assertEquals((4 + 64 + 1024) * 1024, back.bytes());
                assertInstanceOf(QemuImgCheck.Verdict.NoErrors.class, checked.qemu());
                assertEquals(Files.size(disks.path(d)), checked.fileBytes());
                assertTrue(checked.ok());
            }
        }
        assertTrue(Files.exists(dir.resolve("scsi.vhdx")) && Files.exists(dir.resolve("ide.vhdx")));
    }

    @Test
    void shouldPassOnHvrefsOwnCheckAloneWhenQemuImgIsMissing() throws IOException {
        try (DemoDisks disks = DemoDisks.create(null)) {
            List<DemoDisks.Write> plan = DemoDisks.plan(DemoDisks.IDE, 12);
            write(disks, DemoDisks.IDE, plan);
            DemoDisks.Checked checked = disks.check(DemoDisks.IDE, plan, new QemuImgCheck("hvref-no-such-qemu-img"));
            assertInstanceOf(QemuImgCheck.Verdict.NotRun.class, checked.qemu());
            assertTrue(checked.readBack().ok(), checked.readBack()::line);
            assertTrue(checked.ok());
            DemoDisks.Checked damaged = disks.check(DemoDisks.IDE, DemoDisks.plan(DemoDisks.IDE, 13),
                    new QemuImgCheck("hvref-no-such-qemu-img"));
            assertFalse(damaged.ok(), "another plan's bytes are not on the disk");
        }
    }

    @Test
    void shouldDeleteATemporaryDirectoryOnClose() {
        Path dir;
        try (DemoDisks disks = DemoDisks.create(null)) {
            dir = disks.dir();
            assertFalse(disks.kept());
            assertTrue(Files.exists(disks.path(DemoDisks.SCSI)));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void shouldRefuseADirectoryThatAlreadyHoldsAnImage(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("ide.vhdx"), "mine");
        CliException e = assertThrows(CliException.class, () -> DemoDisks.create(tmp));
        assertEquals("disk dir: " + tmp.resolve("ide.vhdx") + " exists (expected: a directory without scsi.vhdx "
                + "and ide.vhdx)", e.getMessage());
        assertEquals("mine", Files.readString(tmp.resolve("ide.vhdx")));
    }

    @Test
    void shouldRefuseADiskDirThatIsAFile(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CliException e = assertThrows(CliException.class, () -> DemoDisks.create(file));
        assertTrue(e.getMessage().startsWith("disk dir: " + file + ": "), e::getMessage);
        assertTrue(e.getMessage().endsWith(" (expected: a directory hvref can create files in)"), e::getMessage);
    }

    @Test
    void shouldReportAWriteThatDidNotLandAndOneThatLandedOffByOneSector(@TempDir Path tmp) throws IOException {
        try (DemoDisks disks = DemoDisks.create(tmp)) {
            List<DemoDisks.Write> plan = DemoDisks.plan(DemoDisks.IDE, 2);
            DemoDisks.Write first = plan.get(0);
            DemoDisks.Write shifted = new DemoDisks.Write(first.lba() + 1, first.data());
            write(disks, DemoDisks.IDE, List.of(shifted, plan.get(2)));
            DemoDisks.ReadBack back = disks.readBack(DemoDisks.IDE, plan);
            assertFalse(back.ok());
            assertEquals(List.of(first.describe() + ": byte 0 reads 0x00 (expected: 0x"
                    + String.format("%02x", first.data()[0]) + ")",
                    "LBA " + (first.lba() + first.sectors()) + " next to " + first.describe()
                            + ": not zero (expected: untouched)",
                    plan.get(1).describe() + ": byte 0 reads 0x00 (expected: 0x"
                            + String.format("%02x", plan.get(1).data()[0]) + ")"),
                    back.mismatches().stream().map(m -> m.replaceFirst("byte \\d+ reads", "byte 0 reads")).toList()
                            .subList(0, 3), back::line);
            assertTrue(back.line().startsWith("hvref re-read 3 writes (1118208 bytes) read-only: DIFFERENT: "),
                    back::line);
        }
    }

    @Test
    void shouldReportAnImageHvrefCannotOpenInsteadOfThrowing(@TempDir Path tmp) throws IOException {
        Path junk = Files.write(tmp.resolve("junk.vhdx"), new byte[4096]);
        DemoDisks.ReadBack back = DemoDisks.readBack(junk, DemoDisks.plan(DemoDisks.IDE, 1));
        assertFalse(back.ok());
        assertTrue(back.mismatches().get(0).startsWith("junk.vhdx: "), back::line);
    }

    @Test
    void shouldLetQemuImgFindTheCorruptionOfATruncatedImage(@TempDir Path tmp) throws IOException {
        try (DemoDisks disks = DemoDisks.create(tmp)) {
            List<DemoDisks.Write> plan = DemoDisks.plan(DemoDisks.SCSI, 3);
            write(disks, DemoDisks.SCSI, plan);
            Path image = disks.path(DemoDisks.SCSI);
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(4 * DemoDisks.MIB); // headers, log, BAT and metadata stay; the payload blocks go
            }
            DemoDisks.Checked checked = disks.check(DemoDisks.SCSI, plan, QemuImgCheck.onPath());
            assertFalse(checked.ok());
            assertFalse(checked.readBack().ok(), checked.readBack()::line);
            QemuImgCheck.Verdict v = checked.qemu();
            QemuImgCheck.Verdict.Errors errors = assertInstanceOf(QemuImgCheck.Verdict.Errors.class, v);
            assertEquals(2, errors.exitCode(), v::line);
            assertTrue(errors.detail().startsWith("corruptions "), v::line);
            assertTrue(v.failed());
        }
    }

    @Test
    void shouldWriteEachPatternsBytesThroughTheImageAsPlanned(@TempDir Path tmp) throws IOException {
        try (DemoDisks disks = DemoDisks.create(tmp)) {
            DemoDisks.Write w = DemoDisks.plan(DemoDisks.SCSI, 6).get(1);
            write(disks, DemoDisks.SCSI, List.of(w));
            try (DiskImage image = disks.open(DemoDisks.SCSI)) {
                byte[] back = new byte[w.data().length];
                image.read(w.offset(), back, 0, back.length);
                assertArrayEquals(w.data(), back);
                assertEquals(DemoDisks.sha256(w.data()), DemoDisks.sha256(back));
            }
        }
    }

    @Test
    void shouldNameSizesInTheUnitThatDividesThem() {
        assertEquals("4 KiB", DemoDisks.size(4096));
        assertEquals("1 MiB", DemoDisks.size(DemoDisks.MIB));
        assertEquals("1536 bytes", DemoDisks.size(1536));
        assertEquals("scsi.vhdx (64 MiB dynamic VHDX)", DemoDisks.SCSI.describe());
    }

    /** Writes and flushes directly through hvref's VHDX code (the host side of the stack), then closes the image. */
    private static void write(DemoDisks disks, DemoDisks.Disk d, List<DemoDisks.Write> writes) throws IOException {
        try (DiskImage image = disks.open(d)) {
            for (DemoDisks.Write w : writes) {
                image.write(w.offset(), w.data(), 0, w.data().length);
            }
            image.flush();
        }
    }
}
