package org.hvref.disk.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.disk.vhd.VhdDiskImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VHD interop with qemu-img/qemu-io 7.2 in both directions: qemu-made images (created, converted from raw,
 * written with {@code qemu-io write -P}) read exactly by hvref; hvref-made images read exactly by
 * {@code qemu-io read -P} and equal to a raw copy under {@code qemu-img compare -f raw -F vpc}.
 */
class VhdQemuInteropTest {
    private static final int MIB = 1024 * 1024;
    /** Pattern writes that hit the first sector, cross a 2 MiB block boundary, and fill a later block's end. */
    private static final long[][] WRITES = {
        {0xab, 0, 4096},
        {0xcd, 2 * MIB - 1024, 3072},
        {0x5a, 4 * MIB + 512, 512},
    };

    @TempDir
    Path dir;

    /** The expected disk contents after {@link #WRITES}. */
    private static byte[] model(long size) {
        byte[] model = new byte[(int) size];
        for (long[] w : WRITES) {
            Arrays.fill(model, (int) w[1], (int) (w[1] + w[2]), (byte) w[0]);
        }
        return model;
    }

    private static String writeCommand(long[] w) {
        return String.format("write -P 0x%x %d %d", w[0], w[1], w[2]);
    }

    private static String readCommand(long[] w) {
        return String.format("read -P 0x%x %d %d", w[0], w[1], w[2]);
    }

    private long qemuVirtualSize(Path image) {
        String json = QemuTools.ok(dir, "qemu-img", "info", "-f", "vpc", "--output=json", image.toString());
        Matcher m = Pattern.compile("\"virtual-size\":\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    private static byte[] readAll(DiskImage image) throws IOException {
        byte[] all = new byte[(int) image.size()];
        image.read(0, all, 0, all.length);
        return all;
    }

    private void checkQemuMadeImage(String options, String requested) throws IOException {
        Path image = dir.resolve("q.vhd");
        QemuTools.ok(dir, "qemu-img", "create", "-f", "vpc", "-o", options, image.toString(), requested);
        for (long[] w : WRITES) {
            QemuTools.Result r = QemuTools.qemuIo(dir, "vpc", image, writeCommand(w));
            assertEquals(0, r.exitCode(), r.output());
        }
        long size = qemuVirtualSize(image);
        try (DiskImage d = DiskImages.open(image, true)) {
            assertEquals(DiskFormat.VHD, d.format());
            assertEquals(size, d.size(), "hvref size vs qemu-img info");
            assertArrayEquals(model(size), readAll(d));
        }
    }

    @Test
    void shouldReadQemuDynamicImageExactly() throws IOException {
        checkQemuMadeImage("subformat=dynamic", "5M");
    }

    @Test
    void shouldReadQemuDynamicImageWithForcedSizeExactly() throws IOException {
        checkQemuMadeImage("subformat=dynamic,force_size=on", "5M");
    }

    @Test
    void shouldReadQemuFixedImageExactly() throws IOException {
        checkQemuMadeImage("subformat=fixed", "5M");
    }

    @Test
    void shouldReadQemuFixedImageWithForcedSizeExactly() throws IOException {
        checkQemuMadeImage("subformat=fixed,force_size=on", "5M");
    }

    @Test
    void shouldReadImageQemuConvertedFromRaw() throws IOException {
        Path raw = dir.resolve("src.raw");
        byte[] content = new byte[3 * MIB + 4096];
        new Random(42).nextBytes(content);
        Arrays.fill(content, MIB, 2 * MIB + 8192, (byte) 0); // a zero run qemu may leave unallocated
        Files.write(raw, content);
        Path image = dir.resolve("c.vhd");
        QemuTools.ok(dir, "qemu-img", "convert", "-f", "raw", "-O", "vpc", raw.toString(), image.toString());
        try (DiskImage d = DiskImages.open(image, true)) {
            assertEquals(qemuVirtualSize(image), d.size());
            byte[] all = readAll(d);
            assertArrayEquals(content, Arrays.copyOf(all, content.length));
            assertArrayEquals(new byte[all.length - content.length],
                    Arrays.copyOfRange(all, content.length, all.length));
        }
    }

    private void checkHvrefMadeImage(boolean fixed, boolean forceSize) throws IOException {
        Path image = dir.resolve("h.vhd");
        byte[] model;
        try (VhdDiskImage d = VhdDiskImage.create(image, 5 * MIB, fixed, forceSize)) {
            model = model(d.size());
            for (long[] w : WRITES) {
                byte[] data = new byte[(int) w[2]];
                Arrays.fill(data, (byte) w[0]);
                d.write(w[1], data, 0, data.length);
            }
            d.flush();
            assertEquals(d.size(), qemuVirtualSize(image), "qemu-img info vs hvref size");
        }
        for (long[] w : WRITES) {
            QemuTools.Result r = QemuTools.qemuIo(dir, "vpc", image, readCommand(w));
            assertEquals(0, r.exitCode(), r.output());
            assertFalse(r.output().contains("failed"), r.output());
        }
        QemuTools.Result wrong = QemuTools.qemuIo(dir, "vpc", image, "read -P 0xab 4096 512");
        assertEquals(1, wrong.exitCode(), "a sector hvref left zero must fail qemu-io's 0xab check: " + wrong.output());
        Path raw = dir.resolve("expected.raw");
        Files.write(raw, model);
        QemuTools.ok(dir, "qemu-img", "compare", "-f", "raw", "-F", "vpc", raw.toString(), image.toString());
        model[4 * MIB + 700] ^= 1;
        Files.write(raw, model);
        assertEquals(1, QemuTools.run(dir, "qemu-img", "compare", "-f", "raw", "-F", "vpc", raw.toString(),
                image.toString()).exitCode(), "qemu-img compare must see a one-bit difference");
    }

    @Test
    void shouldWriteDynamicImageQemuReadsExactly() throws IOException {
        checkHvrefMadeImage(false, false);
    }

    @Test
    void shouldWriteDynamicImageWithForcedSizeQemuReadsExactly() throws IOException {
        checkHvrefMadeImage(false, true);
    }

    @Test
    void shouldWriteFixedImageQemuReadsExactly() throws IOException {
        checkHvrefMadeImage(true, false);
    }

    @Test
    void shouldWriteFixedImageWithForcedSizeQemuReadsExactly() throws IOException {
        checkHvrefMadeImage(true, true);
    }

    @Test
    void shouldKeepQemuImageConsistentWhenHvrefAddsBlocks() throws IOException {
        Path image = dir.resolve("m.vhd");
        QemuTools.ok(dir, "qemu-img", "create", "-f", "vpc", "-o", "subformat=dynamic", image.toString(), "5M");
        QemuTools.ok(dir, "qemu-io", "-f", "vpc", "-c", "write -P 0x11 0 1024", image.toString());
        try (DiskImage d = DiskImages.open(image, false)) {
            byte[] data = new byte[2048];
            Arrays.fill(data, (byte) 0x22);
            d.write(0, data, 0, 1024); // allocated by qemu, bitmap all ones
            d.write(3 * MIB, data, 0, 2048); // new block allocated by hvref
        }
        QemuTools.Result r = QemuTools.qemuIo(dir, "vpc", image, "read -P 0x22 0 1024", "read -P 0x0 1024 1024",
                "read -P 0x22 3145728 2048", "read -P 0x0 3147776 512");
        assertEquals(0, r.exitCode(), r.output());
        // and qemu can still allocate after hvref did
        QemuTools.ok(dir, "qemu-io", "-f", "vpc", "-c", "write -P 0x33 4194304 512", image.toString());
        try (DiskImage d = DiskImages.open(image, true)) {
            byte[] back = new byte[512];
            d.read(4 * MIB, back, 0, 512);
            byte[] expected = new byte[512];
            Arrays.fill(expected, (byte) 0x33);
            assertArrayEquals(expected, back);
        }
    }
}
