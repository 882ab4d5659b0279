package org.hvref.ring.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.PacketCodec;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketHandler;
import org.hvref.ring.PacketView;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingDrainLoop;
import org.hvref.ring.RingInspector;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingSendLoop;
import org.hvref.ring.RingWriter;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;
import org.junit.jupiter.api.Test;

/**
 * Two threads pass 10^6 packets of varied sizes and types through one ring over non-contiguous pages with the full
 * signalling protocol: the reader sleeps on its doorbell when the ring is empty (beginRead / readBatch / endRead),
 * the writer on requestSpace / its doorbell / wake when it is full. Every packet is a deterministic function of its
 * sequence number (type, flags, transaction id = sequence number, length, contents); the payload carries its
 * sequence number, length and a CRC-32C of the rest, so the reader detects any packet lost, duplicated, reordered or
 * corrupted. Twice per run each side deliberately stalls until the other is blocked, so both sleeping paths are
 * taken for certain, not by luck of scheduling. Nothing is timed: waits have generous timeouts that fail the test
 * with both threads' stacks and the ring state (a lost wake-up) instead of hanging it. Run once over direct memory
 * and once over two mappings of one file ({@link GuestMemory#mapped}), the writer on one and the reader on the
 * other.
 */
class RingStressConcurrentTest {
    private static final int PACKETS = Integer.getInteger("hvref.stress.packets", 1_000_000);
    private static final long SEED = PropertyRuns.seed(0x57BE55L);
    private static final long WAIT_SECONDS = 60;
    private static final Duration HANG_GUARD = Duration.ofSeconds(WAIT_SECONDS);
    private static final long RUN_SECONDS = 300;
    /** Data pages of the ring, out of order in guest memory (control page first). */
    private static final long[] GPNS = {3, 6, 1, 4, 7};
    private static final int DATA_SIZE = (GPNS.length - 1) * GuestMemory.PAGE_SIZE;
    private static final int MAX_PAYLOAD = DATA_SIZE / 2;
    private static final int CHECKPOINTS = 4;

    // ---------------------------------------------------------------- packets as functions of their number

    static long hash(long seq) {
        long z = SEED + seq * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 0: GPA direct, 1: transfer pages (both through PacketCodec), 2..8: in-band, 9..15: completion. */
    static int kind(long h) {
        return (int) (h & 15);
    }

    static int flags(long h) {
        return (int) (h >>> 4) & 1;
    }

    /** Mostly small, every length mod 8, sometimes up to half the ring. */
    static int payloadLength(long h) {
        int r = (int) (h >>> 8) & 0xFF;
        long x = h >>> 16;
        if (r < 200) {
            return (int) (x & 0xFF);
        } else if (r < 250) {
            return 256 + (int) (x % 1792);
        }
        return 2048 + (int) (x % (MAX_PAYLOAD - 2048 + 1));
    }

    /**
     * Fills {@code b[0..len)}: with 16+ bytes, {seq u64, crc32c of bytes 16.. u32, len u32} then pseudo-random
     * bytes; shorter payloads are pseudo-random bytes only (checked byte for byte).
     */
    static void fill(long seq, long h, byte[] b, int len) {
        long x = h | 1;
        for (int i = 0; i < len; i++) {
            if ((i & 7) == 0) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            b[i] = (byte) (x >>> (8 * (i & 7)));
        }
        if (len >= 16) {
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            w.putLong(0, seq);
            w.putInt(12, len);
            CRC32C crc = new CRC32C();
            crc.update(b, 16, len - 16);
            w.putInt(8, (int) crc.getValue());
        }
    }

    /** The packet sent through PacketCodec for kinds 0 and 1. */
    static VmbusPacket codecPacket(long seq, long h, byte[] payload) {
        if (kind(h) == 0) {
            List<GpaRange> ranges = new ArrayList<>();
            for (int r = 0; r <= (int) (h >>> 40 & 1); r++) {
                long offset = (h >>> (20 + r)) & 0xFFF;
                long count = (h >>> (32 + r)) & 0x3FFF;
                long[] pfns = new long[(int) GpaRange.pfnCount(count, offset)];
                for (int j = 0; j < pfns.length; j++) {
                    pfns[j] = seq * 16 + j;
                }
                ranges.add(new GpaRange(count, offset, pfns));
            }
            return new GpaDirectPacket(flags(h), seq, ranges, payload);
        }
        List<TransferPageRange> ranges = new ArrayList<>();
        for (int r = 0; r < (int) (h >>> 40 & 3); r++) {
            ranges.add(new TransferPageRange(seq & 0xFFFF_FFFFL, r));
        }
        return new TransferPagesPacket(flags(h), seq, (int) (seq & 0xFFFF), (h >>> 44 & 1) != 0, ranges, payload);
    }

    // ---------------------------------------------------------------- the exchange

    /** Counters of one run. */
    static final class Counts {
        final AtomicLong received = new AtomicLong();
        long bytes;
        long codecPackets;
        long full;
        long writerSleeps;
        long writerWakes;
        long readerWakes;
        long batches;
        long readerStalls;
        long writerStalls;

        @Override
        public String toString() {
            return received + " packets (" + codecPackets + " via PacketCodec, " + bytes + " payload bytes), "
                + batches + " batches, writer: " + full + " FULL, " + writerSleeps + " sleeps, " + writerWakes
                + " wakes; reader: " + readerWakes + " wakes; forced stalls: reader " + readerStalls + ", writer "
                + writerStalls;
        }
    }

    /** Reader-side check of one packet against what its sequence number says it is. */
    static void checkPacket(long seq, PacketView p, Counts counts, CRC32C crc) {
        long h = hash(seq);
        int len = payloadLength(h);
        if (p.transactionId() != seq) {
            throw new AssertionError("packet " + seq + ": transaction id " + p.transactionId()
                + " (lost, duplicated or reordered) " + p);
        }
        if (p.flags() != flags(h)) {
            throw new AssertionError("packet " + seq + ": flags " + p.flags() + " " + p);
        }
        if (kind(h) <= 1) {
            byte[] payload = new byte[len];
            fill(seq, h, payload, len);
            VmbusPacket expected = PacketGenerators.padded(codecPacket(seq, h, payload));
            VmbusPacket got = p.decode();
            if (!got.equals(expected)) {
                throw new AssertionError("packet " + seq + ": decoded " + got + " (expected: " + expected + ")");
            }
            counts.codecPackets++;
            counts.bytes += len;
            return;
        }
        int type = kind(h) <= 8 ? 0x6 : 0xB;
        if (p.type() != type || p.offset8() != 2 || p.payloadLength() != PacketDescriptor.align(len)) {
            throw new AssertionError("packet " + seq + ": " + p + " (expected: type " + type + ", payload " + len
                + " bytes)");
        }
        ByteBuffer b = p.buffer();
        int at = p.payloadOffset();
        if (len >= 16) {
            crc.reset();
            crc.update(b.duplicate().position(at + 16).limit(at + len));
            if (b.getLong(at) != seq || b.getInt(at + 12) != len || b.getInt(at + 8) != (int) crc.getValue()) {
                throw new AssertionError("packet " + seq + ": corrupted payload (seq " + b.getLong(at) + ", len "
                    + b.getInt(at + 12) + ", crc " + Integer.toHexString(b.getInt(at + 8)) + " vs computed "
                    + Long.toHexString(crc.getValue()) + ")");
            }
        } else {
            byte[] expected = new byte[len];
            fill(seq, h, expected, len);
            for (int i = 0; i < len; i++) {
                if (b.get(at + i) != expected[i]) {
                    throw new AssertionError("packet " + seq + ": corrupted payload byte " + i);
                }
            }
        }
        for (int i = len; i < p.payloadLength(); i++) {
            if (b.get(at + i) != 0) {
                throw new AssertionError("packet " + seq + ": padding byte " + i + " not zero");
            }
        }
        counts.bytes += len;
    }

    static Counts exchange(RingLayout writerLayout, RingLayout readerLayout, int packets) throws Exception {
        writerLayout.initialize(true);
        RingWriter writer = new RingWriter(writerLayout);
        RingReader reader = new RingReader(readerLayout);
        RingDoorbell readerBell = new RingDoorbell();
        RingDoorbell writerBell = new RingDoorbell();
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicBoolean writerSleeping = new AtomicBoolean();
        AtomicBoolean readerIdle = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Counts counts = new Counts();
        long checkpoint = Math.max(1, packets / (CHECKPOINTS + 1));
        // Forced stalls need the two stall points far apart (more than a ringful of packets) and the writer able to
        // fill the ring afterwards; with few packets there are none.
        boolean stalling = checkpoint / 2 > 2L * DATA_SIZE / PacketDescriptor.MIN_RING_LENGTH;
        long stallsBefore = stalling ? packets - 2L * DATA_SIZE / PacketDescriptor.MIN_RING_LENGTH : 0;

        RingSendLoop sender = new RingSendLoop(writer, readerBell::raise, new RingSendLoop.Listener() {
            @Override
            public void onFull() {
                counts.full++;
            }

            @Override
            public void onSleep() {
                counts.writerSleeps++;
                writerSleeping.set(true);
            }

            @Override
            public void onWake() {
                writerSleeping.set(false);
                counts.writerWakes++;
            }
        });
        Thread producer = new Thread(() -> {
            byte[] payload = new byte[MAX_PAYLOAD];
            try {
                for (long seq = 1; seq <= packets && !stop.get(); seq++) {
                    long s = seq;
                    long h = hash(seq);
                    int len = payloadLength(h);
                    fill(seq, h, payload, len);
                    VmbusPacket codec = kind(h) <= 1 ? codecPacket(seq, h, Arrays.copyOf(payload, len)) : null;
                    int ringLength = codec != null ? PacketCodec.encodedLength(codec) + 8
                        : PacketDescriptor.ringLength(len);
                    if (seq % checkpoint == checkpoint / 2 && seq < stallsBefore) {
                        // stall until the reader sleeps on an empty ring: only this write's signal can wake it
                        await(readerIdle::get, "reader to go idle", stop);
                        counts.writerStalls++;
                    }
                    sender.send(w -> codec != null ? w.tryWrite(codec)
                        : w.tryWrite(kind(h) <= 8 ? 0x6 : 0xB, flags(h), s, payload, 0, len), ringLength, writerBell,
                        HANG_GUARD);
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
            }
        }, "stress-writer");

        Thread consumer = new Thread(() -> {
            CRC32C crc = new CRC32C();
            long[] nextStall = {checkpoint};
            RingDrainLoop drainer = new RingDrainLoop(reader, writerBell::raise);
            PacketHandler handler = p -> checkPacket(counts.received.incrementAndGet(), p, counts, crc);
            RingDrainLoop.BatchListener listener = b -> {
                counts.batches++;
                if (counts.received.get() >= nextStall[0] && nextStall[0] < stallsBefore) {
                    // stall (mid-drain, interrupts masked) until the writer sleeps on a full ring
                    await(writerSleeping::get, "writer to sleep on a full ring", stop);
                    counts.readerStalls++;
                    nextStall[0] += checkpoint;
                }
            };
            try {
                while (counts.received.get() < packets && !stop.get()) {
                    readerIdle.set(true);
                    if (!readerBell.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("lost wake-up: reader never signalled after "
                            + counts.received.get() + " packets");
                    }
                    readerIdle.set(false);
                    drainer.drain(readerBell, () -> 1 + (int) (counts.batches % 64), handler, listener);
                    counts.readerWakes = drainer.wakes();
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
            }
        }, "stress-reader");

        producer.setDaemon(true);
        consumer.setDaemon(true);
        producer.start();
        consumer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_SECONDS);
        while ((producer.isAlive() || consumer.isAlive()) && System.nanoTime() < deadline && error.get() == null) {
            producer.join(100);
            consumer.join(100);
        }
        if (error.get() != null || producer.isAlive() || consumer.isAlive()) {
            String state = "\n  writer " + writer + ", reader " + reader + ", control "
                + RingInspector.control(writerLayout) + ", " + counts + "\n  writer stack: "
                + Arrays.toString(producer.getStackTrace()) + "\n  reader stack: "
                + Arrays.toString(consumer.getStackTrace()) + "\n  seed " + SEED;
            stop.set(true);
            producer.interrupt();
            consumer.interrupt();
            if (error.get() != null) {
                throw new AssertionError(error.get().getMessage() + state, error.get());
            }
            throw new AssertionError("no progress within " + RUN_SECONDS + " s (hang)" + state);
        }
        System.out.println("RingStressConcurrentTest: " + counts + " over " + writerLayout);
        assertEquals(packets, counts.received.get(), "packets received");
        assertEquals(packets, writer.packetsWritten(), "packets written");
        assertEquals(packets, reader.packetsRead(), "packets read");
        assertEquals(writerLayout.writeIndexAcquire(), readerLayout.readIndexAcquire(), "ring drained");
        long stalls = stalling ? Math.min(CHECKPOINTS, (stallsBefore - 1) / checkpoint) : 0;
        assertTrue(counts.readerStalls >= stalls && counts.writerStalls >= stalls, counts::toString);
        // each reader stall ends on a distinct writer sleep; every sleep ends in a wake (only the writer consumes
        // its doorbell)
        assertTrue(counts.writerSleeps >= counts.readerStalls && counts.writerWakes == counts.writerSleeps
            && counts.readerWakes >= 1, counts::toString);
        return counts;
    }

    /** Waits (without timing anything) until {@code condition} holds; fails after a generous timeout. */
    private static void await(java.util.function.BooleanSupplier condition, String what, AtomicBoolean stop) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (stop.get() || System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for the " + what);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    @Test
    void shouldPassAMillionPacketsWithNoneLostDuplicatedReorderedOrCorrupted() throws Exception {
        try (GuestMemory memory = GuestMemory.direct(8)) {
            RingLayout layout = RingLayout.ofPages(memory, GPNS);
            exchange(layout, layout, PACKETS);
        }
    }

    @Test
    void shouldPassPacketsThroughTwoMappingsOfOneFile() throws Exception {
        Path file = Files.createTempFile("hvref-stress", ".mem");
        try (GuestMemory writerSide = GuestMemory.mapped(file, 8);
             GuestMemory readerSide = GuestMemory.mapped(file, 8)) {
            exchange(RingLayout.ofPages(writerSide, GPNS), RingLayout.ofPages(readerSide, GPNS), PACKETS);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
