package org.hvref.disk.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hvref.disk.vhdx.ChannelImageFile;
import org.hvref.disk.vhdx.VhdxBat;
import org.hvref.disk.vhdx.VhdxCreateOptions;
import org.hvref.disk.vhdx.VhdxImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VHDX images between hvref and qemu 7.2 (devices-net-storage-pci.md §6.2.5): qemu-made images (fixed, dynamic,
 * block_state_zero on/off) with qemu-io pattern writes are read exactly by hvref and written on; hvref-made and
 * written images (512-byte logical, 512 or 4096-byte physical sectors) pass {@code qemu-img check}, {@code qemu-io read -P} and
 * {@code qemu-img compare} against a raw copy of hvref's expected content.
 */
class VhdxInteropTest {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 40L * MIB;

    @TempDir
    Path dir;

    /** A write done by qemu-io or hvref: {@code length} bytes of {@code pattern} at {@code offset}. */
    private record Write(long offset, int length, int pattern) {
    }

    private static final Write[] QEMU_WRITES = {
        new Write(0, 4096, 0xab), new Write(3 * MIB - 512, 2048, 0x11), new Write(17 * MIB + 512, MIB, 0x5c),
        new Write(SIZE - 512, 512, 0xe7),
    };

    private static final Write[] HVREF_WRITES = {
        new Write(4096, 8192, 0x42), new Write(8 * MIB - 4096, 3 * 4096, 0x99), new Write(33 * MIB, 2 * MIB, 0x07),
        new Write(17 * MIB + 4096, 4096, 0xc3),
    };

    private static void apply(byte[] model, Write w) {
        Arrays.fill(model, (int) w.offset(), (int) w.offset() + w.length(), (byte) w.pattern());
    }

    private static String qemuWrite(Write w) {
        return "write -P 0x" + Integer.toHexString(w.pattern()) + " " + w.offset() + " " + w.length();
    }

    private static String qemuRead(Write w) {
        return "read -P 0x" + Integer.toHexString(w.pattern()) + " " + w.offset() + " " + w.length();
    }

    private static void hvrefWrite(VhdxImage image, Write w) throws IOException {
        byte[] b = new byte[w.length()];
        Arrays.fill(b, (byte) w.pattern());
        image.write(w.offset(), b, 0, b.length);
    }

    private static void assertReads(VhdxImage image, byte[] model) throws IOException {
        byte[] all = new byte[model.length];
        image.read(0, all, 0, all.length);
        assertArrayEquals(model, all);
    }

    private void qemuCheckAndCompare(Path image, byte[] model) throws IOException {
        QemuTools.ok("qemu-img", "check", "-f", "vhdx", image.toString());
        Path raw = dir.resolve("expected.raw");
        Files.write(raw, model);
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", "vhdx", raw.toString(), image.toString());
        String info = QemuTools.ok("qemu-img", "info", "-f", "vhdx", "--output=json", image.toString());
        assertTrue(info.contains("\"virtual-size\": " + model.length), info);
    }

    private void qemuMadeImageRoundTrip(String options) throws IOException {
        Path image = dir.resolve("qemu.vhdx");
        QemuTools.ok("qemu-img", "create", "-f", "vhdx", "-o", options, image.toString(), Long.toString(SIZE));
        byte[] model = new byte[(int) SIZE];
        String[] writes = new String[QEMU_WRITES.length];
        for (int i = 0; i < writes.length; i++) {
            writes[i] = qemuWrite(QEMU_WRITES[i]);
            apply(model, QEMU_WRITES[i]);
        }
        QemuTools.qemuIo(image, writes);
        try (VhdxImage ro = VhdxImage.open(image, true)) {
            assertEquals(SIZE, ro.size());
            assertEquals(512, ro.logicalSectorSize());
            assertReads(ro, model);
        }
        try (VhdxImage rw = VhdxImage.open(image, false)) {
            for (Write w : HVREF_WRITES) {
                hvrefWrite(rw, w);
                apply(model, w);
            }
            rw.flush();
            assertReads(rw, model);
        }
        String[] reads = new String[HVREF_WRITES.length];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = qemuRead(HVREF_WRITES[i]);
        }
        QemuTools.qemuIo(image, reads);
        qemuCheckAndCompare(image, model);
    }

    @Test
    void shouldReadAndWriteQemuDynamicImage() throws IOException {
        qemuMadeImageRoundTrip("subformat=dynamic");
    }

    @Test
    void shouldReadAndWriteQemuDynamicImageWithoutZeroState() throws IOException {
        qemuMadeImageRoundTrip("subformat=dynamic,block_state_zero=off,block_size=1M");
    }

    @Test
    void shouldReadAndWriteQemuFixedImage() throws IOException {
        qemuMadeImageRoundTrip("subformat=fixed");
    }

    @Test
    void shouldReadAndWriteQemuPreallocatedFixedImage() throws IOException {
        qemuMadeImageRoundTrip("subformat=fixed,block_state_zero=off,block_size=2M");
    }

    private void hvrefMadeImage(VhdxCreateOptions options) throws IOException {
        Path image = dir.resolve("hvref.vhdx");
        VhdxImage.create(image, options);
        byte[] model = new byte[(int) SIZE];
        try (VhdxImage rw = VhdxImage.open(image, false)) {
            for (Write w : HVREF_WRITES) {
                hvrefWrite(rw, w);
                apply(model, w);
            }
            rw.flush();
        }
        QemuTools.ok("qemu-img", "check", "-f", "vhdx", image.toString());
        String[] reads = new String[HVREF_WRITES.length + 1];
        for (int i = 0; i < HVREF_WRITES.length; i++) {
            reads[i] = qemuRead(HVREF_WRITES[i]);
        }
        reads[HVREF_WRITES.length] = "read -P 0 " + 20 * MIB + " " + MIB;
        QemuTools.qemuIo(image, reads);
        qemuCheckAndCompare(image, model);
        // qemu writes on top; hvref reads qemu's allocations exactly
        for (Write w : QEMU_WRITES) {
            apply(model, w);
            QemuTools.qemuIo(image, qemuWrite(w));
        }
        try (VhdxImage ro = VhdxImage.open(image, true)) {
            assertReads(ro, model);
        }
    }

    @Test
    void shouldMakeDynamicImagesQemuAccepts() throws IOException {
        hvrefMadeImage(VhdxCreateOptions.dynamic(SIZE));
        hvrefMadeImage(VhdxCreateOptions.dynamic(SIZE).withBlockStateZero(false).withBlockSize(MIB));
    }

    @Test
    void shouldMakeFixedImagesQemuAccepts() throws IOException {
        hvrefMadeImage(VhdxCreateOptions.fixedSize(SIZE));
        hvrefMadeImage(VhdxCreateOptions.fixedSize(SIZE).withBlockStateZero(false).withBlockSize(4 * MIB));
    }

    @Test
    void shouldMake4096BytePhysicalSectorImagesQemuAccepts() throws IOException {
        hvrefMadeImage(VhdxCreateOptions.dynamic(SIZE).withSectorSizes(512, 4096).withBlockSize(MIB));
    }

    /**
     * qemu 7.2 opens only 512-byte logical sectors (observed: ENOTSUP for 4096, which MS-VHDX allows); hvref's
     * 4096-byte images are checked by the unit tests, and here only that qemu still refuses them cleanly.
     */
    @Test
    void shouldBeRefusedByQemuOnlyFor4096ByteLogicalSectors() throws IOException {
        Path image = dir.resolve("lss4096.vhdx");
        VhdxImage.create(image, VhdxCreateOptions.dynamic(SIZE).withSectorSizes(4096, 4096).withBlockSize(MIB));
        QemuTools.Result r = QemuTools.run(java.util.List.of("qemu-img", "info", "-f", "vhdx", image.toString()));
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("Operation not supported"), r.output());
        try (VhdxImage ro = VhdxImage.open(image, true)) {
            assertEquals(4096, ro.logicalSectorSize());
        }
    }

    @Test
    void shouldCreateSameLayoutAsQemuImgCreate() throws IOException {
        Path q = dir.resolve("q.vhdx");
        Path h = dir.resolve("h.vhdx");
        for (String sub : new String[] {"dynamic", "fixed"}) {
            QemuTools.ok("qemu-img", "create", "-f", "vhdx", "-o", "subformat=" + sub, q.toString(), "1G");
            VhdxImage.create(h, sub.equals("fixed") ? VhdxCreateOptions.fixedSize(1L << 30)
                    : VhdxCreateOptions.dynamic(1L << 30));
            assertEquals(Files.size(q), Files.size(h), sub + " file length");
            try (VhdxImage qi = VhdxImage.open(q, true); VhdxImage hi = VhdxImage.open(h, true)) {
                assertEquals(qi.metadata().blockSize(), hi.metadata().blockSize());
                assertEquals(qi.metadata().leaveBlocksAllocated(), hi.metadata().leaveBlocksAllocated());
                assertEquals(qi.batEntries(), hi.batEntries());
                for (int i = 0; i < qi.batEntries(); i++) {
                    assertEquals(qi.batEntry(i), hi.batEntry(i), "BAT entry " + i);
                }
                assertEquals(VhdxBat.ZERO, hi.batEntry(0));
                assertEquals(qi.header().logOffset(), hi.header().logOffset());
                assertEquals(qi.header().logLength(), hi.header().logLength());
            }
        }
    }

    /**
     * hvref crashes after its BAT update is durable in the log but before it reaches the BAT: qemu refuses the
     * dirty image read-only, {@code qemu-img check -r all} replays hvref's log entry, and the data is then where
     * hvref wrote it; hvref replays a copy of the same dirty file to the same result.
     */
    @Test
    void shouldLeaveALogThatQemuReplays() throws IOException {
        Path image = dir.resolve("dirty.vhdx");
        VhdxImage.create(image, VhdxCreateOptions.dynamic(SIZE).withBlockSize(MIB));
        Write w = new Write(5 * MIB + 4096, 8192, 0x3d);
        long batStart = 2L * MIB;
        try (VhdxImage rw = VhdxImage.open(CrashingImageFile.beforeWriteInto(ChannelImageFile.open(image, false),
                batStart, batStart + MIB), false)) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> hvrefWrite(rw, w));
            assertEquals("injected crash", e.getMessage());
        }
        Path copy = dir.resolve("dirty-copy.vhdx");
        Files.copy(image, copy);
        try (VhdxImage ro = VhdxImage.open(copy, true)) {
            assertTrue(ro.header().logDirty());
            assertEquals(1, ro.logEntriesReplayed());
        }
        QemuTools.Result refused = QemuTools.run(java.util.List.of("qemu-io", "-r", "-f", "vhdx", "-c",
                "read 0 512", image.toString()));
        assertTrue(refused.exit() != 0 && refused.output().contains("replay"), refused.output());
        QemuTools.ok("qemu-img", "check", "-r", "all", "-f", "vhdx", image.toString());
        QemuTools.qemuIo(image, qemuRead(w), "read -P 0 0 " + 5 * MIB);
        byte[] model = new byte[(int) SIZE];
        apply(model, w);
        qemuCheckAndCompare(image, model);
        try (VhdxImage rw = VhdxImage.open(copy, false)) {
            assertEquals(1, rw.logEntriesReplayed());
            assertReads(rw, model);
        }
        QemuTools.ok("qemu-img", "compare", "-f", "vhdx", "-F", "vhdx", image.toString(), copy.toString());
    }
}
