package org.hvref.benchmarks;

import java.util.concurrent.TimeUnit;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.PacketHandler;
import org.hvref.ring.PacketType;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.trace.SpecTracer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hvref VMBus ring ({@link RingWriter} / {@link RingReader}) with {@code capacity} data bytes behind its 4 KiB
 * control page in direct {@link GuestMemory}, one producer thread and one consumer thread, both busy-polling.
 *
 * <ul>
 *   <li>No tracing: both sides use {@link SpecTracer#OFF}, so neither path allocates.</li>
 *   <li>The producer writes in-band packets ({@code tryWrite(type, flags, id, byte[], ...)}: descriptor, payload,
 *       padding, trailer) and ignores the signal decision.</li>
 *   <li>Poll mode: the consumer masks interrupts once ({@code beginRead}, as Linux's {@code hv_begin_read}) and then
 *       only calls {@code readBatch}, never {@code endRead} and never waits on a doorbell. Each batch takes at most
 *       {@link Payloads#BATCH_LIMIT} packets (Agrona gets the same limit) and commits read_index once.</li>
 *   <li>The reader validates and copies every packet into its private buffer (hardening, vmbus-core.md §6.5
 *       step 4) before the handler sees it; the handler then copies the payload out, exactly as Agrona's does.</li>
 *   <li>{@code pendingSend} sets the feat_pending_send_sz bit (Linux and OpenVMM do), which makes every batch pay a
 *       full fence and a load of pending_send_sz; {@code pages=scattered} puts the data pages in reverse order, so
 *       every copy is split at page borders as for a real GPADL.</li>
 * </ul>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class VmbusRingBenchmark {
    private static final int TYPE = PacketType.DATA_INBAND.code();

    /** Payload bytes per message. */
    @Param({"64", "256", "1500", "4096"})
    public int payloadLength;

    /** Size of the data region in bytes (a multiple of 4096); the control page comes on top. */
    @Param(Payloads.DEFAULT_CAPACITY)
    public int capacity;

    /** Whether the ring has the feat_pending_send_sz bit. */
    @Param("true")
    public boolean pendingSend;

    /** {@code contiguous}: data pages in address order; {@code scattered}: in reverse order (a GPADL). */
    @Param("contiguous")
    public String pages;

    private GuestMemory memory;
    private RingWriter writer;
    private RingReader reader;
    private byte[] source;
    private byte[] destination;
    private PacketHandler handler;
    private byte[] spacer;

    /** Builds the ring, attaches both sides and puts the reader in poll mode; once per trial. */
    @Setup
    public void setUp() {
        int dataPages = capacity / GuestMemory.PAGE_SIZE;
        if (dataPages * GuestMemory.PAGE_SIZE != capacity) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: multiple of 4096)");
        }
        memory = GuestMemory.direct(1 + dataPages);
        long[] gpns = new long[1 + dataPages];
        for (int i = 1; i <= dataPages; i++) {
            gpns[i] = switch (pages) {
                case "contiguous" -> i;
                case "scattered" -> 1 + dataPages - i;
                default -> throw new IllegalArgumentException("pages: " + pages
                        + " (expected: contiguous or scattered)");
            };
        }
        RingLayout layout = RingLayout.ofPages(memory, gpns);
        layout.initialize(pendingSend);
        // producer-owned objects, then a spacer, then consumer-owned ones: no false sharing between them
        writer = new RingWriter(layout, SpecTracer.OFF);
        source = Payloads.pattern(payloadLength);
        spacer = Payloads.spacer();
        reader = new RingReader(layout, SpecTracer.OFF);
        destination = new byte[Payloads.align8(payloadLength)];
        handler = packet -> packet.getPayload(destination, 0);
        RingDoorbell doorbell = new RingDoorbell();
        doorbell.raise();
        if (!reader.beginRead(doorbell) || layout.interruptMaskAcquire() != 1) {
            throw new IllegalStateException("reader did not enter poll mode: " + reader);
        }
    }

    /** Releases the guest memory. */
    @TearDown
    public void tearDown() {
        memory.close();
    }

    /**
     * Producer: one attempt to write one in-band packet.
     *
     * @param counters where a successful write is counted
     * @return whether it was written ({@code false}: ring full)
     */
    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public boolean write(ProducerCounters counters) {
        // the transaction id comes from the producer's own (padded) counter, not from this shared state
        boolean written = writer.tryWrite(TYPE, 0, counters.written + 1, source, 0, payloadLength).written();
        if (written) {
            counters.written++;
        }
        return written;
    }

    /**
     * Consumer: one batch of up to {@link Payloads#BATCH_LIMIT} packets, one read_index commit.
     *
     * @param counters where the received messages are counted
     * @return the number of packets read (0: ring empty)
     */
    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    public int read(ConsumerCounters counters) {
        int count = reader.readBatch(Payloads.BATCH_LIMIT, handler).packets();
        counters.received += count;
        return count;
    }

    /** The consumer's copy of the last payload it read, padding included (for the smoke test). */
    byte[] lastReceived() {
        return destination;
    }
}
