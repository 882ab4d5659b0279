package org.hvref.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each storage benchmark body a few times on a small image and checks what it read (the block index stamped
 * in each block). Nothing here is timed; rates are measured only by JMH ({@code benchmarks/run-storage.sh}).
 */
class StorageBenchmarkSmokeTest {
    private static final long SIZE = 16L << 20;

    @TempDir
    static Path dir;

    private static Path image;

    @BeforeEach
    void setImage() throws IOException {
        if (image == null) {
            image = dir.resolve("bench.vhdx");
            StorageImage.create(image, SIZE);
        }
        System.setProperty(StorageImage.IMAGE_PROPERTY, image.toString());
    }

    @AfterEach
    void clearImage() {
        System.clearProperty(StorageImage.IMAGE_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "stride"})
    void shouldReadStampedBlocksStraightFromTheImage(String pattern) throws IOException {
        DiskImageReadBenchmark benchmark = new DiskImageReadBenchmark();
        benchmark.pattern = pattern;
        benchmark.setUp();
        try {
            ReadPattern expected = ReadPattern.of(pattern, SIZE / ReadPattern.BLOCK, 0);
            for (int i = 0; i < 100; i++) {
                long offset = expected.nextOffset();
                byte[] block = benchmark.read();
                assertEquals(offset / ReadPattern.BLOCK, StorageImage.blockIndex(block, 0), "read " + i);
                assertTrue(block == benchmark.lastRead());
            }
        } finally {
            benchmark.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"1, random", "1, stride", "32, random", "32, stride"})
    void shouldReadStampedBlocksThroughGuestStorvscRingAndHost(int depth, String pattern) throws Exception {
        StorvscReadBenchmark benchmark = new StorvscReadBenchmark();
        benchmark.depth = depth;
        benchmark.pattern = pattern;
        benchmark.setUp();
        try {
            assertEquals(512, benchmark.sectorSize(), "VHDX created with qemu-img's defaults: 512-byte sectors");
            ReadPattern expected = ReadPattern.of(pattern, SIZE / ReadPattern.BLOCK, 0);
            for (int i = 0; i < 3 * depth + 50; i++) {
                long offset = expected.nextOffset();
                byte[] block = benchmark.read();
                assertEquals(ReadPattern.BLOCK, block.length);
                assertEquals(offset / ReadPattern.BLOCK, StorageImage.blockIndex(block, 0), "read " + i);
                assertEquals((byte) 0xA5, block[ReadPattern.BLOCK - 1], "read " + i);
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
