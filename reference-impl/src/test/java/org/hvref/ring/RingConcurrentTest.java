package org.hvref.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * A writer thread and a reader thread over one ring, using the full signalling protocol in both directions
 * (interrupt mask + empty→non-empty signal, pending_send_sz + crossing signal) through the library's loops,
 * {@link RingSendLoop} and {@link RingDrainLoop}. Not timed: the waits only have
 * generous timeouts so a lost wake-up fails the test instead of hanging it.
 */
class RingConcurrentTest {
    private static final long WAIT_SECONDS = 20;
    private static final Duration HANG_GUARD = Duration.ofSeconds(WAIT_SECONDS);

    static int payloadLength(long seq) {
        return (int) (seq * 31 % 301);
    }

    static byte payloadByte(long seq, int i) {
        return (byte) (seq * 7 + i);
    }

    /** Runs the exchange and returns {signals to reader, signals to writer}. */
    static long[] exchange(RingLayout layout, SpecTracer tracer, int packets) throws Exception {
        RingWriter writer = new RingWriter(layout, tracer);
        RingReader reader = new RingReader(layout, tracer);
        RingDoorbell readerBell = new RingDoorbell();
        RingDoorbell writerBell = new RingDoorbell();
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicLong received = new AtomicLong();

        Thread producer = new Thread(() -> {
            byte[] buffer = new byte[301];
            RingSendLoop sender = new RingSendLoop(writer, readerBell::raise);
            try {
                for (long seq = 1; seq <= packets; seq++) {
                    int len = payloadLength(seq);
                    for (int i = 0; i < len; i++) {
                        buffer[i] = payloadByte(seq, i);
                    }
                    long s = seq;
                    sender.send(w -> w.tryWrite(6, 0, s, buffer, 0, len), PacketDescriptor.ringLength(len),
                        writerBell, HANG_GUARD);
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
            }
        }, "ring-writer");

        Thread consumer = new Thread(() -> {
            PacketHandler check = p -> {
                long seq = received.incrementAndGet();
                if (p.transactionId() != seq || p.type() != 6) {
                    throw new AssertionError("packet " + seq + ": got " + p);
                }
                int len = payloadLength(seq);
                int base = p.payloadOffset();
                for (int i = 0; i < p.payloadLength(); i++) {
                    byte expected = i < len ? payloadByte(seq, i) : 0;
                    if (p.buffer().get(base + i) != expected) {
                        throw new AssertionError("packet " + seq + " byte " + i);
                    }
                }
            };
            RingDrainLoop drainer = new RingDrainLoop(reader, writerBell::raise);
            try {
                while (received.get() < packets) {
                    drainer.awaitAndDrain(readerBell, HANG_GUARD, () -> 64, check, batch -> { });
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
            }
        }, "ring-reader");

        producer.setDaemon(true);
        consumer.setDaemon(true);
        producer.start();
        consumer.start();
        producer.join(TimeUnit.SECONDS.toMillis(4 * WAIT_SECONDS));
        consumer.join(TimeUnit.SECONDS.toMillis(4 * WAIT_SECONDS));
        assertNull(error.get(), () -> String.valueOf(error.get()));
        assertFalse(producer.isAlive() || consumer.isAlive(), "threads still running");
        assertEquals(packets, received.get());
        assertEquals(layout.writeIndexAcquire(), layout.readIndexAcquire());
        return new long[] {readerBell.raiseCount(), writerBell.raiseCount()};
    }

    @Test
    void shouldPassEveryPacketInOrderBetweenTwoThreads() throws Exception {
        RingLayout layout = RingLayout.contiguous(GuestMemory.direct(3), 0, 8192);
        layout.initialize(true);
        long[] signals = exchange(layout, SpecTracer.OFF, 200_000);
        assertTrue(signals[0] >= 1);
    }

    @Test
    void shouldPassPacketsOverHeapMemory() throws Exception {
        // heap memory may use fence-emulated atomics (newer JDKs), see GuestMemory
        RingLayout layout = RingLayout.contiguous(GuestMemory.heap(2), 0, 4096);
        layout.initialize(true);
        exchange(layout, SpecTracer.OFF, 50_000);
    }

    @Test
    void shouldPassPacketsOverNonContiguousMappedPages() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("hvref-ring", ".mem");
        try (GuestMemory m = GuestMemory.mapped(file, 6)) {
            RingLayout layout = RingLayout.ofPages(m, new long[] {4, 1, 5, 0});
            layout.initialize(true);
            exchange(layout, SpecTracer.OFF, 50_000);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldRecordALinearizableTraceUnderContention() throws Exception {
        RingLayout layout = TestRings.ring(512, true); // small: the writer blocks often
        RecordingTracer tracer = new RecordingTracer();
        int packets = 3000;
        exchange(layout, tracer, packets);
        List<TraceEvent> events = tracer.events();
        long copied = 0;
        long published = 0;
        long read = 0;
        long expectedWi = 0;
        for (TraceEvent e : events) {
            switch (e.action()) {
                case RingActions.WRITER_COPY:
                    assertEquals(++copied, e.getLong(RingActions.F_PKT));
                    expectedWi = (expectedWi + e.getLong(RingActions.F_LEN)) % 512;
                    break;
                case RingActions.WRITER_PUBLISH:
                    published++;
                    assertEquals(copied, published);
                    assertEquals(expectedWi, e.getLong(RingActions.F_WI));
                    break;
                case RingActions.READER_READ:
                    assertEquals(++read, e.getLong(RingActions.F_PKT));
                    assertTrue(read <= published, "read an unpublished packet: " + e);
                    break;
                default:
                    break;
            }
        }
        assertEquals(packets, copied);
        assertEquals(packets, read);
        assertTrue(events.stream().anyMatch(e -> e.action().equals(RingActions.WRITER_WAKE)
            || e.action().equals(RingActions.WRITER_RECHECK)), "the writer never had to wait");
    }
}
