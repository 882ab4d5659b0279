package org.hvref.benchmarks.storage;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.hvref.disk.DiskImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor without VMBus: one thread reads 4 KiB at a time straight from the VHDX {@link DiskImage}
 * ({@code VhdxImage.read}: BAT lookup, then a positional {@code FileChannel} read from the page cache), queue
 * depth 1. Everything the guest/ring/host path adds comes on top of this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class DiskImageReadBenchmark {
    /** Offsets: {@code random} or {@code stride} (qemu-img bench's pattern), see {@link ReadPattern}. */
    @Param({"random", "stride"})
    public String pattern;

    private DiskImage image;
    private ReadPattern offsets;
    private final byte[] buffer = new byte[ReadPattern.BLOCK];

    /**
     * Opens the image ({@link StorageImage#openConfigured()}) read-only.
     *
     * @throws IOException if it cannot be opened or created
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        image = StorageImage.openConfigured();
        offsets = ReadPattern.of(pattern, image.size() / ReadPattern.BLOCK, 0);
    }

    /**
     * Closes the image.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        image.close();
    }

    /**
     * One 4 KiB read at the pattern's next offset.
     *
     * @return the buffer (consumed by JMH, so the read is not optimised away)
     * @throws IOException if the read fails
     */
    @Benchmark
    public byte[] read() throws IOException {
        image.read(offsets.nextOffset(), buffer, 0, ReadPattern.BLOCK);
        return buffer;
    }

    /** @return the last block read (for tests) */
    byte[] lastRead() {
        return buffer;
    }
}
