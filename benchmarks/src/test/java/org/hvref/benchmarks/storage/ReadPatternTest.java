package org.hvref.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadPatternTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 10, 1000, 4096, 65536, 65537})
    void shouldVisitEveryBlockOncePerStridePass(long blocks) {
        ReadPattern pattern = ReadPattern.of("stride", blocks, 0);
        BitSet seen = new BitSet();

        for (long i = 0; i < blocks; i++) {
            long offset = pattern.nextOffset();
            assertEquals(0, offset % ReadPattern.BLOCK);
            int block = (int) (offset / ReadPattern.BLOCK);
            assertTrue(block < blocks, "block " + block);
            assertTrue(!seen.get(block), "block " + block + " twice in one pass");
            seen.set(block);
        }
        assertEquals(blocks, seen.cardinality());
        assertEquals(0, pattern.nextOffset(), "the second pass starts where the first did");
    }

    @ParameterizedTest
    @ValueSource(longs = {65536, 1000})
    void shouldMatchQemuStepModuloTheImageSize(long blocks) {
        long step = ReadPattern.strideBlocks(blocks) * ReadPattern.BLOCK;
        long size = blocks * ReadPattern.BLOCK;
        ReadPattern pattern = ReadPattern.of("stride", blocks, 0);

        long qemuOffset = 0;
        for (int k = 0; k < 3 * blocks; k++) {
            assertEquals(qemuOffset, pattern.nextOffset(), "request " + k);
            qemuOffset = (qemuOffset + step) % size;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {65536, 1000})
    void shouldStrideFarAcrossTheDisk(long blocks) {
        long stride = ReadPattern.strideBlocks(blocks);

        assertTrue(stride % 2 == 1, "odd stride " + stride);
        assertTrue(stride > blocks / 3 && stride < 2 * blocks / 3, "stride " + stride + " of " + blocks);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 65536})
    void shouldReadRandomBlocksInsideTheDisk(long blocks) {
        ReadPattern pattern = ReadPattern.of("random", blocks, 42);
        BitSet seen = new BitSet();

        for (int i = 0; i < 10_000; i++) {
            long offset = pattern.nextOffset();
            assertEquals(0, offset % ReadPattern.BLOCK);
            assertTrue(offset >= 0 && offset < blocks * ReadPattern.BLOCK, "offset " + offset);
            seen.set((int) (offset / ReadPattern.BLOCK));
        }
        if (blocks < 100) {
            // 10,000 draws from a handful of blocks reach every one (a miss has probability < 1e-600)
            assertEquals(blocks, seen.cardinality());
        } else {
            // 10,000 uniform draws from 65,536 blocks: about 9,300 distinct; a stuck generator gives far fewer
            assertTrue(seen.cardinality() > 9000, "distinct blocks " + seen.cardinality());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", ""})
    void shouldRejectUnknownPatterns(String name) {
        assertThrows(IllegalArgumentException.class, () -> ReadPattern.of(name, 10, 0));
    }
}
