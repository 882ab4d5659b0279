package org.hvref.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketHandler;
import org.hvref.ring.PacketType;
import org.hvref.ring.PacketView;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingDrainLoop;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingSendLoop;
import org.hvref.ring.RingWriter;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * The demo's workload: a writer thread and a reader thread over one ring whose pages are scattered in guest memory
 * (as in a GPADL), signalling each other only through {@link RingDoorbell}s as the ring tells them to (the library's
 * {@link RingSendLoop} and {@link RingDrainLoop}), with every spec action recorded. The reader checks every packet
 * (order, transaction id, length, bytes, zero padding). A lost wake-up shows as a stall: a side waits for a doorbell
 * until the deadline, and its failure interrupts the other side.
 */
final class DemoRun {
    /** Guest page numbers of the ring: control page, then the data pages in ring order (not contiguous). */
    private static final long[] RING_GPNS = {5, 1, 6, 3};
    private static final int GUEST_PAGES = 8;
    /** The ring's feat_pending_send_sz bit: set, so a writer that finds the ring full sleeps on pending_send_sz. */
    static final boolean FEAT_PENDING_SEND = true;
    /** Packets per {@link RingReader#readBatch} call. */
    private static final int BATCH = 16;

    /** What the run did; {@code failure} is null when every packet arrived intact in time. */
    record Report(int packets, long payloadBytes, long ringBytes, int dataSize, long readerSignals,
                  long writerSignals, long writerFull, long writerSleeps, long readerWakes, long batches,
                  Duration elapsed, List<TraceEvent> events, String failure) {
    }

    private final int packets;
    private final int maxPayload;
    private final long seed;
    private final Duration timeout;

    DemoRun(int packets, int maxPayload, long seed, Duration timeout) {
        this.packets = packets;
        this.maxPayload = maxPayload;
        this.seed = seed;
        this.timeout = timeout;
    }

    /** Largest payload the demo ring can carry. */
    static int maxPayloadFor(int dataSize) {
        return dataSize - 8 - PacketDescriptor.LENGTH - PacketDescriptor.TRAILER_LENGTH;
    }

    /** Data region size of the demo ring. */
    static int dataSize() {
        return (RING_GPNS.length - 1) * GuestMemory.PAGE_SIZE;
    }

    /** Runs both threads to the end (or the deadline) and reports. */
    Report run() throws InterruptedException {
        int[] sizes = new SplittableRandom(seed).ints(packets, 8, maxPayload + 1).toArray();
        RecordingTracer tracer = new RecordingTracer();
        try (GuestMemory memory = GuestMemory.heap(GUEST_PAGES)) {
            RingLayout layout = RingLayout.ofPages(memory, RING_GPNS);
            layout.initialize(FEAT_PENDING_SEND);
            RingWriter writer = new RingWriter(layout, tracer);
            RingReader reader = new RingReader(layout, tracer);
            RingDoorbell toReader = new RingDoorbell();
            RingDoorbell toWriter = new RingDoorbell();
            AtomicReference<String> failure = new AtomicReference<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            // raised inside the deciding traced steps, so the doorbells move exactly as the spec's sigR/sigW
            writer.raiseOnSignal(toReader);
            reader.raiseOnSignal(toWriter);
            RingSendLoop sender = new RingSendLoop(writer, () -> { });
            RingDrainLoop drainer = new RingDrainLoop(reader, () -> { });
            long[] readerCounts = new long[2]; // packets, payload bytes
            Thread[] threads = new Thread[2];

            threads[0] = new Thread(() -> guard(failure, "writer", threads, () -> {
                for (int i = 1; i <= packets && failure.get() == null; i++) {
                    byte[] payload = payload(i, sizes[i - 1]);
                    long tid = i;
                    sender.send(w -> w.tryWrite(PacketType.DATA_INBAND.code(), 0, tid, payload, 0, payload.length),
                            PacketDescriptor.ringLength(payload.length), toWriter, left(deadline));
                }
            }), "demo-writer");

            threads[1] = new Thread(() -> guard(failure, "reader", threads, () -> {
                int[] expected = {1};
                PacketHandler checker = packet -> {
                    check(packet, expected[0], sizes, failure);
                    readerCounts[0]++;
                    readerCounts[1] += sizes[Math.min(expected[0], sizes.length) - 1];
                    expected[0]++;
                };
                while (expected[0] <= packets && failure.get() == null) {
                    drainer.awaitAndDrain(toReader, left(deadline), () -> BATCH, checker, batch -> { });
                }
            }), "demo-reader");

            long start = System.nanoTime();
            threads[0].start();
            threads[1].start();
            threads[0].join();
            threads[1].join();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (failure.get() == null && readerCounts[0] != packets) {
                failure.set("reader: received " + readerCounts[0] + " packets (expected: " + packets + ")");
            }
            long ringBytes = 0;
            for (int size : sizes) {
                ringBytes += PacketDescriptor.ringLength(size);
            }
            return new Report((int) readerCounts[0], readerCounts[1], ringBytes, layout.dataSize(),
                    toReader.raiseCount(), toWriter.raiseCount(), sender.fullCount(), sender.sleeps(), drainer.wakes(),
                    drainer.batches(), elapsed, tracer.events(), failure.get());
        }
    }

    /** The payload of packet {@code n}: its number (u64 LE), then bytes derived from it. */
    static byte[] payload(int n, int size) {
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (n * 131 + j * 7);
        }
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    private static void check(PacketView packet, int n, int[] sizes, AtomicReference<String> failure) {
        if (n > sizes.length) {
            failure.compareAndSet(null, "reader: packet " + n + " (expected: at most " + sizes.length + ")");
            return;
        }
        int size = sizes[n - 1];
        byte[] expected = new byte[PacketDescriptor.align(PacketDescriptor.LENGTH + size) - PacketDescriptor.LENGTH];
        System.arraycopy(payload(n, size), 0, expected, 0, size);
        String problem = null;
        if (packet.type() != PacketType.DATA_INBAND.code()) {
            problem = "type: " + packet.type() + " (expected: " + PacketType.DATA_INBAND.code() + ")";
        } else if (packet.transactionId() != n) {
            problem = "transaction id: " + Long.toUnsignedString(packet.transactionId()) + " (expected: " + n + ")";
        } else if (packet.payloadLength() != expected.length) {
            problem = "payload length: " + packet.payloadLength() + " (expected: " + expected.length + ")";
        } else if (!Arrays.equals(packet.payload(), expected)) {
            problem = "payload bytes differ (expected: the bytes written, zero padded)";
        }
        if (problem != null) {
            failure.compareAndSet(null, "reader: packet " + n + " at offset " + packet.ringOffset() + ": " + problem);
        }
    }

    /** Time left until the deadline (zero once it passed: the next wait fails at once). */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs a side; its first failure is the run's failure and interrupts the other side's wait. */
    private static void guard(AtomicReference<String> failure, String who, Thread[] threads, Body body) {
        try {
            body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, who + ": interrupted");
        } catch (TimeoutException e) {
            failure.compareAndSet(null, who + ": no signal before the deadline (expected: a wake-up; lost?): "
                    + e.getMessage());
        } catch (Exception e) {
            failure.compareAndSet(null, who + ": " + e);
        }
        if (failure.get() != null) {
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.interrupt();
                }
            }
        }
    }
}
