package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hvref.disk.DiskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuImgCheckTest {

    @Test
    void shouldFindNoErrorsInAFreshHvrefImage() {
        try (DemoDisks disks = DemoDisks.create(null)) {
            QemuImgCheck.Verdict v = QemuImgCheck.onPath().check(disks.path(DemoDisks.IDE), DiskFormat.VHDX);
            assertInstanceOf(QemuImgCheck.Verdict.NoErrors.class, v, v::line);
            assertEquals("qemu-img check: no errors", v.line());
            assertFalse(v.failed());
        }
    }

    @Test
    void shouldSayTheCheckWasSkippedWhenQemuImgIsMissing() {
        try (DemoDisks disks = DemoDisks.create(null)) {
            QemuImgCheck.Verdict v = new QemuImgCheck("hvref-no-such-qemu-img")
                    .check(disks.path(DemoDisks.IDE), DiskFormat.VHDX);
            assertInstanceOf(QemuImgCheck.Verdict.NotRun.class, v, v::line);
            assertEquals("hvref-no-such-qemu-img not found: external check skipped (install qemu-utils to run it)",
                    v.line());
            assertFalse(v.failed());
        }
    }

    @Test
    void shouldReportAFileQemuImgCannotOpen(@TempDir Path tmp) throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.vhdx"), "not an image");
        QemuImgCheck.Verdict v = QemuImgCheck.onPath().check(junk, DiskFormat.VHDX);
        QemuImgCheck.Verdict.Errors e = assertInstanceOf(QemuImgCheck.Verdict.Errors.class, v, v::line);
        assertEquals(1, e.exitCode());
        assertTrue(e.detail().contains("Could not open"), v::line);
        assertTrue(v.failed());
    }

    @Test
    void shouldReadEveryProblemCounterOfTheJsonReport() {
        assertInstanceOf(QemuImgCheck.Verdict.NoErrors.class, QemuImgCheck.parse(0,
                "{\"check-errors\": 0, \"filename\": \"a.vhdx\", \"format\": \"vhdx\"}", ""));
        assertEquals(new QemuImgCheck.Verdict.Errors(2, "corruptions 1"), QemuImgCheck.parse(2,
                "{\"corruptions\": 1, \"check-errors\": 0, \"format\": \"vhdx\"}", "qemu-img: VHDX BAT entry 1"));
        assertEquals(new QemuImgCheck.Verdict.Errors(3, "leaks 4"), QemuImgCheck.parse(3,
                "{\"leaks\": 4, \"check-errors\": 0}", ""));
        assertEquals(new QemuImgCheck.Verdict.Errors(0, "check-errors 2"), QemuImgCheck.parse(0,
                "{\"check-errors\": 2}", ""));
        assertEquals(new QemuImgCheck.Verdict.Errors(63, "no problem counted but exit 63: qemu-img: This image "
                + "format does not support checks"), QemuImgCheck.parse(63, "{\"check-errors\": 0}",
                "qemu-img: This image format does not support checks\n"));
        assertEquals(new QemuImgCheck.Verdict.Errors(1, "no JSON report"), QemuImgCheck.parse(1, "not json", ""));
        assertEquals(new QemuImgCheck.Verdict.Errors(0, "no JSON report"), QemuImgCheck.parse(0, "[]", ""));
    }
}
