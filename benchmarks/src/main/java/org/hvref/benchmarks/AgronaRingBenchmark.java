package org.hvref.benchmarks;

import java.util.concurrent.TimeUnit;
import org.agrona.BufferUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
 * Baseline: Agrona's {@link OneToOneRingBuffer} (the SPSC ring of Aeron) with {@code capacity} data bytes in
 * cache-line-aligned direct memory, one producer thread and one consumer thread, both busy-polling.
 *
 * <p>The producer copies the payload in with {@code write} (not zero-copy {@code tryClaim}); the consumer reads up to
 * {@link Payloads#BATCH_LIMIT} messages per {@code read} (Agrona then zeroes them and advances its head
 * once) and its handler copies each payload out to a private array, as the VMBus consumer's handler does.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class AgronaRingBenchmark {
    private static final int MSG_TYPE_ID = 1;

    /** Payload bytes per message. */
    @Param({"64", "256", "1500", "4096"})
    public int payloadLength;

    /** Data capacity of the ring in bytes (Agrona adds its trailer of counters after it). */
    @Param(Payloads.DEFAULT_CAPACITY)
    public int capacity;

    private OneToOneRingBuffer ring;
    private UnsafeBuffer source;
    private byte[] destination;
    private MessageHandler handler;
    private byte[] spacer;

    /** Allocates the ring and the payload; called once per trial, before both threads start. */
    @Setup
    public void setUp() {
        int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        ring = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, Payloads.CACHE_LINE)));
        // producer-owned objects, then a spacer, then consumer-owned ones: no false sharing between them
        source = new UnsafeBuffer(Payloads.pattern(payloadLength));
        spacer = Payloads.spacer();
        destination = new byte[payloadLength];
        handler = (msgTypeId, buffer, index, msgLength) -> buffer.getBytes(index, destination, 0, msgLength);
    }

    /**
     * Producer: one attempt to write one message.
     *
     * @param counters where a successful write is counted
     * @return whether it was written ({@code false}: ring full)
     */
    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public boolean write(ProducerCounters counters) {
        boolean written = ring.write(MSG_TYPE_ID, source, 0, payloadLength);
        if (written) {
            counters.written++;
        }
        return written;
    }

    /**
     * Consumer: one poll of up to {@link Payloads#BATCH_LIMIT} messages (the VMBus consumer's limit).
     *
     * @param counters where the received messages are counted
     * @return the number of messages read (0: ring empty)
     */
    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public int read(ConsumerCounters counters) {
        int count = ring.read(handler, Payloads.BATCH_LIMIT);
        counters.received += count;
        return count;
    }

    /** The consumer's copy of the last payload it read (for the smoke test). */
    byte[] lastReceived() {
        return destination;
    }
}
