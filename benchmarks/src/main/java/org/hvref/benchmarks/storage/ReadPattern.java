package org.hvref.benchmarks.storage;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The offsets of successive 4 KiB reads over a disk of {@code blocks} blocks; not thread-safe (one per issuing
 * thread).
 *
 * <ul>
 *   <li>{@code random}: uniformly random blocks from a seeded {@link SplittableRandom} (the "random
 *       reads"; repeats and near neighbours happen as they would).</li>
 *   <li>{@code stride}: qemu-img bench's only pattern, {@code offset += step} modulo the disk size, with the step
 *       of {@link #strideBlocks(long)}: a permutation that visits every block once per pass, consecutive reads
 *       far apart. hvref runs it too, so the two sides can also be compared on identical offsets.</li>
 * </ul>
 */
public final class ReadPattern {
    /** Bytes per read. */
    public static final int BLOCK = 4096;

    private static final double GOLDEN_RATIO = (1 + Math.sqrt(5)) / 2;

    private final boolean random;
    private final long blocks;
    private final long stride;
    private final SplittableRandom rng;
    private long block;

    private ReadPattern(boolean random, long blocks, long seed) {
        if (blocks <= 0) {
            throw new IllegalArgumentException("read pattern: " + blocks + " blocks (expected: > 0)");
        }
        this.random = random;
        this.blocks = blocks;
        this.stride = strideBlocks(blocks);
        this.rng = new SplittableRandom(seed);
        this.block = Math.floorMod(seed, blocks);
    }

    /**
     * Creates a pattern by name.
     *
     * @param name   {@code random} or {@code stride}
     * @param blocks 4 KiB blocks on the disk
     * @param seed   random seed ({@code random}) or first block modulo {@code blocks} ({@code stride}; qemu-img
     *               bench starts at 0)
     * @return the pattern
     * @throws IllegalArgumentException for another name or no blocks
     */
    public static ReadPattern of(String name, long blocks, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "random" -> new ReadPattern(true, blocks, seed);
            case "stride" -> new ReadPattern(false, blocks, seed);
            default -> throw new IllegalArgumentException("read pattern: " + name + " (expected: random or stride)");
        };
    }

    /**
     * The stride in blocks used by both sides: the odd number nearest {@code blocks / golden ratio} that shares no
     * factor with {@code blocks}, so that {@code k * stride mod blocks} runs through every block before repeating
     * and consecutive reads are about 0.38 or 0.62 of the disk apart.
     *
     * @param blocks 4 KiB blocks on the disk, positive
     * @return the stride in blocks, in {@code [1, blocks]}
     */
    public static long strideBlocks(long blocks) {
        if (blocks <= 0) {
            throw new IllegalArgumentException("stride: " + blocks + " blocks (expected: > 0)");
        }
        if (blocks <= 2) {
            return 1;
        }
        long stride = Math.max(1, Math.round(blocks / GOLDEN_RATIO)) | 1;
        while (gcd(stride, blocks) != 1) {
            stride += 2;
        }
        stride %= blocks;
        return stride == 0 ? 1 : stride;
    }

    /**
     * The next read's byte offset.
     *
     * @return a multiple of {@value #BLOCK} below {@code blocks * BLOCK}
     */
    public long nextOffset() {
        if (random) {
            return rng.nextLong(blocks) * BLOCK;
        }
        long offset = block * BLOCK;
        block += stride;
        if (block >= blocks) {
            block -= blocks;
        }
        return offset;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
