package org.hvref.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format probing and the create/open entry points. */
class DiskImagesTest {
    @TempDir
    Path dir;

    @Test
    void shouldProbeVhdFixedVhdDynamicVhdxAndRaw() throws IOException {
        Path fixed = dir.resolve("f.vhd");
        DiskImages.create(fixed, DiskFormat.VHD, 1024 * 1024, true).close();
        Path dynamic = dir.resolve("d.vhd");
        DiskImages.create(dynamic, DiskFormat.VHD, 1024 * 1024, false).close();
        Path raw = dir.resolve("r.img");
        DiskImages.create(raw, DiskFormat.RAW, 1024 * 1024, false).close();
        Path vhdx = dir.resolve("x.vhdx");
        byte[] start = new byte[4096];
        System.arraycopy("vhdxfile".getBytes(StandardCharsets.US_ASCII), 0, start, 0, 8);
        Files.write(vhdx, start);
        assertEquals(DiskFormat.VHD, DiskImages.probe(fixed));
        assertEquals(DiskFormat.VHD, DiskImages.probe(dynamic));
        assertEquals(DiskFormat.RAW, DiskImages.probe(raw));
        assertEquals(DiskFormat.VHDX, DiskImages.probe(vhdx));
        try (DiskImage image = DiskImages.open(fixed, true)) {
            assertEquals(DiskFormat.VHD, image.format());
            assertEquals(1079296, image.size()); // 1 MiB rounded up to CHS 31/4/17, as qemu-img 7.2 does
        }
    }

    @Test
    void everyFormatShouldBeCreatedProbedAndReopenedThroughTheEntryPoints() throws IOException {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        for (DiskFormat format : DiskFormat.values()) {
            for (boolean fixed : new boolean[] {false, true}) {
                Path p = dir.resolve(format.qemuName() + (fixed ? "-fixed" : "-dynamic"));
                try (DiskImage image = DiskImages.create(p, format, 4L * 1024 * 1024, fixed)) {
                    assertEquals(format, image.format());
                    image.write(1024 * 1024, data, 0, data.length);
                    image.flush();
                }
                assertEquals(format, DiskImages.probe(p), p::toString);
                try (DiskImage image = DiskImages.open(p, true)) {
                    assertEquals(format, image.format());
                    byte[] back = new byte[data.length];
                    image.read(1024 * 1024, back, 0, back.length);
                    assertArrayEquals(data, back, p::toString);
                    byte[] zeros = new byte[512];
                    image.read(0, zeros, 0, zeros.length);
                    assertArrayEquals(new byte[512], zeros, "never written reads as zeros: " + p);
                }
            }
        }
    }

    @Test
    void shouldReadAndWriteRawImages() throws IOException {
        Path raw = dir.resolve("r.img");
        byte[] data = new byte[1024];
        data[5] = 9;
        try (DiskImage image = DiskImages.create(raw, DiskFormat.RAW, 8192, true)) {
            assertEquals(8192, Files.size(raw));
            image.write(4096, data, 0, 1024);
        }
        try (DiskImage image = DiskImages.open(raw, true)) {
            assertEquals(DiskFormat.RAW, image.format());
            byte[] back = new byte[1024];
            image.read(4096, back, 0, 1024);
            assertArrayEquals(data, back);
            assertThrows(IOException.class, () -> image.write(0, data, 0, 512));
        }
    }

    @Test
    void shouldReportDamageInsteadOfFallingBackToRaw() throws IOException {
        Path dynamic = dir.resolve("d.vhd");
        DiskImages.create(dynamic, DiskFormat.VHD, 1024 * 1024, false).close();
        byte[] bytes = Files.readAllBytes(dynamic);
        bytes[bytes.length - 1] ^= 1;
        Files.write(dynamic, bytes);
        assertThrows(DamagedImageException.class, () -> DiskImages.open(dynamic, true));
    }
}
