package org.hvref.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.BufferUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memcpy floor: the same two threads move the same bytes through a shared direct buffer of the same capacity,
 * with no ring protocol at all.
 *
 * <p>The producer copies the payload into the buffer at its own cursor, the consumer copies from the buffer at its
 * own cursor into a private array; both cursors step by the payload rounded up to 8 and wrap at the end. There are
 * no indexes, headers, trailers or synchronisation: the consumer may read bytes the producer has not written yet
 * (they are only copied, never interpreted). What remains is the cost of the two copies and of moving the cache
 * lines between the two cores. As the two threads run at their own speeds, the delivered rate is the slower of the
 * two ({@link ContenderResult}), which bounds what any ring on these threads can deliver.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class CopyBenchmark {
    /** Payload bytes per message. */
    @Param({"64", "256", "1500", "4096"})
    public int payloadLength;

    /** Size of the shared buffer in bytes. */
    @Param(Payloads.DEFAULT_CAPACITY)
    public int capacity;

    private ByteBuffer shared;
    private byte[] source;
    private byte[] destination;
    private int stride;
    private byte[] spacer;

    /**
     * One thread's position in the shared buffer. A thread-scoped state, so JMH pads it and the producer's and the
     * consumer's cursors never share a cache line.
     */
    @State(Scope.Thread)
    public static class Cursor {
        int offset;
    }

    /** Allocates the shared buffer and the payload; called once per trial, before both threads start. */
    @Setup
    public void setUp() {
        shared = BufferUtil.allocateDirectAligned(capacity, Payloads.CACHE_LINE);
        source = Payloads.pattern(payloadLength);
        spacer = Payloads.spacer();
        destination = new byte[payloadLength];
        stride = Payloads.align8(payloadLength);
    }

    /**
     * Producer: copies one payload into the shared buffer.
     *
     * @param cursor   the producer's position
     * @param counters where the copy is counted
     */
    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public void write(Cursor cursor, ProducerCounters counters) {
        int offset = cursor.offset;
        shared.put(offset, source, 0, payloadLength);
        offset += stride;
        cursor.offset = offset + stride > capacity ? 0 : offset;
        counters.written++;
    }

    /**
     * Consumer: copies one payload out of the shared buffer.
     *
     * @param cursor   the consumer's position
     * @param counters where the copy is counted
     */
    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public void read(Cursor cursor, ConsumerCounters counters) {
        int offset = cursor.offset;
        shared.get(offset, destination, 0, payloadLength);
        offset += stride;
        cursor.offset = offset + stride > capacity ? 0 : offset;
        counters.received++;
    }

    /** The consumer's copy of the last payload it read (for the smoke test). */
    byte[] lastReceived() {
        return destination;
    }
}
