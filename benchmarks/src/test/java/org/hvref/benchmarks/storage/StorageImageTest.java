package org.hvref.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.hvref.disk.DiskImage;
import org.hvref.disk.vhdx.VhdxImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image set-up and the qemu-img side on a small image: hvref writes every block, qemu agrees the whole image is
 * allocated data, and a real {@code qemu-img bench} run with the stride step parses. Needs qemu-img (fails without
 * it, as the interop tests do). Nothing is timed.
 */
class StorageImageTest {
    private static final long SIZE = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryBlockWithItsIndex() throws IOException {
        Path path = dir.resolve("bench.vhdx");
        StorageImage.create(path, SIZE);

        byte[] block = new byte[ReadPattern.BLOCK];
        try (DiskImage image = VhdxImage.open(path, true)) {
            assertEquals(SIZE, image.size());
            for (long b : new long[] {0, 1, 2047, 2048, SIZE / ReadPattern.BLOCK - 1}) {
                image.read(b * ReadPattern.BLOCK, block, 0, block.length);
                assertEquals(b, StorageImage.blockIndex(block, 0));
                assertEquals((byte) 0xA5, block[ReadPattern.BLOCK - 1]);
            }
        }
    }

    @Test
    void shouldBeFullyAllocatedDataForQemu() throws Exception {
        Path path = dir.resolve("bench.vhdx");
        StorageImage.create(path, SIZE);

        StorageImage.verifyWithQemu("qemu-img", path, SIZE);
    }

    @Test
    void shouldRejectMapsWithZeroOrMissingRanges() {
        // qemu-img map --output=json of qemu-utils 7.2, one entry per line
        String allData = """
                [{ "start": 0, "length": 8388608, "depth": 0, "present": true, "zero": false, "data": true, "offset": 4194304},
                { "start": 8388608, "length": 8388608, "depth": 0, "present": true, "zero": false, "data": true, "offset": 12582912}]
                """;
        StorageImage.checkFullyAllocated(allData, SIZE);

        assertThrows(IllegalArgumentException.class,
                () -> StorageImage.checkFullyAllocated(allData.replace("\"data\": true, \"offset\": 12582912",
                        "\"data\": false"), SIZE));
        assertThrows(IllegalArgumentException.class, () -> StorageImage.checkFullyAllocated(allData, 2 * SIZE));
        assertThrows(IllegalArgumentException.class, () -> StorageImage.checkFullyAllocated("[]", SIZE));
    }

    @Test
    void shouldRunQemuImgBenchWithTheStrideStep() throws Exception {
        Path path = dir.resolve("bench.vhdx");
        StorageImage.create(path, SIZE);
        long blocks = SIZE / ReadPattern.BLOCK;
        long step = ReadPattern.strideBlocks(blocks) * ReadPattern.BLOCK;
        QemuImgBench bench = new QemuImgBench("qemu-img", "vhdx", "threads", path, ReadPattern.BLOCK, step,
                Duration.ofMinutes(1));

        QemuBenchRun run = bench.run(blocks, 4);

        assertEquals(new QemuBenchRun(blocks, ReadPattern.BLOCK, 4, 0, step, false, run.seconds()), run);
        assertTrue(run.seconds() >= 0);
    }

    @Test
    void shouldReportQemuImgFailures() {
        QemuImgBench bench = new QemuImgBench("qemu-img", "vhdx", "threads", dir.resolve("missing.vhdx"),
                ReadPattern.BLOCK, ReadPattern.BLOCK, Duration.ofMinutes(1));

        IOException e = assertThrows(IOException.class, () -> bench.run(1, 1));
        assertTrue(e.getMessage().contains("exit status"), e.getMessage());
    }
}
