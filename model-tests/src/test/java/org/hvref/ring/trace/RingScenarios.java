package org.hvref.ring.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.BatchResult;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketView;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingDrainLoop;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingSendLoop;
import org.hvref.ring.RingWriter;
import org.hvref.ring.WriteStatus;
import org.hvref.ring.model.SteppedRing;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;

/**
 * Generated runs of the unmodified Java ring with a {@link RecordingTracer}, used as traces to validate:
 * <ul>
 *   <li>{@link #singleThreaded}: one thread plays writer and reader, calling the public API in a random order
 *       (seeded): {@code tryWrite} with payloads from empty to the largest the ring holds (so indexes wrap at every
 *       offset), through the array, ByteBuffer and pre-encoded write paths; FULL → {@code requestSpace} → waiting →
 *       {@code wake} on the writer's doorbell (with the feature bit) or retrying (without); {@code beginRead} on the
 *       reader's doorbell, {@code readBatch} of 1–4 packets, {@code endRead}; doorbells are raised exactly when the
 *       ring says so;</li>
 *   <li>{@link #twoThreads}: a writer thread and a reader thread blocking on real doorbells.</li>
 * </ul>
 * Rings live in heap guest memory; larger ones on shuffled (non-contiguous) guest pages, as in a GPADL. Every run
 * checks what it read: packets in order, none lost, contents as written.
 */
public final class RingScenarios {
    /** Longest wait of a thread of {@link #twoThreads} for a signal: a lost wake-up fails instead of hanging. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private RingScenarios() {
    }

    /** A ring of {@code dataSize} bytes; data pages in a shuffled order when there are several. */
    static RingLayout ring(int dataSize, boolean feat, Random rnd) {
        int dataPages = (dataSize + GuestMemory.PAGE_SIZE - 1) / GuestMemory.PAGE_SIZE;
        GuestMemory memory = GuestMemory.heap(1 + dataPages + 2);
        List<Long> pages = new ArrayList<>();
        for (long p = 0; p < 1 + dataPages + 2; p++) {
            pages.add(p);
        }
        Collections.shuffle(pages, rnd);
        long[] gpns = new long[1 + dataPages];
        for (int i = 0; i < gpns.length; i++) {
            gpns[i] = pages.get(i);
        }
        RingLayout layout = RingLayout.ofPages(memory, gpns, dataSize);
        layout.initialize(feat);
        return layout;
    }

    /** Checks packets as they are read: sequence numbers 1, 2, 3, ... and the payload written for each. */
    static final class Checker {
        long next = 1;
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());

        void onPacket(PacketView v) {
            long pkt = v.transactionId();
            if (pkt != next) {
                errors.add("packet " + pkt + " read (expected: " + next + ")");
            }
            next = pkt + 1;
            byte[] got = v.payload();
            byte[] want = payload((int) pkt, got.length, v.flags());
            if (!Arrays.equals(got, want)) {
                errors.add("packet " + pkt + ": payload differs (expected: as written)");
            }
        }
    }

    /**
     * The payload of packet {@code pkt}: {@code n} bytes, byte i = {@code 31 * pkt + i}, except the last
     * {@code pad} bytes (0..7, carried in the descriptor flags) which stand for padding and are zero.
     */
    static byte[] payload(int pkt, int n, int pad) {
        byte[] b = new byte[n];
        for (int i = 0; i < n - pad; i++) {
            b[i] = (byte) (31 * pkt + i);
        }
        return b;
    }

    /**
     * Writes packet {@code pkt} with {@code n} payload bytes (the reader sees them padded to 8, pad in flags),
     * through each of RingWriter's three write paths in turn: payload array, ByteBuffer, pre-encoded packet.
     */
    static WriteStatus write(RingWriter w, int pkt, int n) {
        int pad = PacketDescriptor.align(n) - n;
        byte[] p = payload(pkt, n, 0);
        switch (pkt % 3) {
            case 0:
                return w.tryWrite(0x6, pad, pkt, p, 0, n);
            case 1:
                ByteBuffer b = ByteBuffer.allocate(n + 5);
                b.position(3).put(p).flip().position(3);
                return w.tryWrite(0x6, pad, pkt, b);
            default:
                int len = PacketDescriptor.LENGTH + PacketDescriptor.align(n);
                ByteBuffer e = ByteBuffer.allocate(len + 8).order(ByteOrder.LITTLE_ENDIAN);
                e.putShort(8 + PacketDescriptor.TYPE_OFFSET, (short) 0x6);
                e.putShort(8 + PacketDescriptor.OFFSET8_OFFSET, (short) PacketDescriptor.MIN_OFFSET8);
                e.putShort(8 + PacketDescriptor.LEN8_OFFSET, (short) (len / PacketDescriptor.ALIGNMENT));
                e.putShort(8 + PacketDescriptor.FLAGS_OFFSET, (short) pad);
                e.putLong(8 + PacketDescriptor.TRANSACTION_ID_OFFSET, pkt);
                e.position(8 + PacketDescriptor.LENGTH);
                e.put(p);
                return w.tryWriteEncoded(e.array(), 8, len);
        }
    }

    /** A payload length for a ring: mostly small, sometimes medium, sometimes the largest the ring holds. */
    static int payloadLength(Random rnd, int dataSize) {
        int max = dataSize - 8 - PacketDescriptor.MIN_RING_LENGTH;
        switch (rnd.nextInt(8)) {
            case 0:
                return max;
            case 1:
                return max - rnd.nextInt(Math.min(max, 16) + 1);
            case 2:
            case 3:
                return rnd.nextInt(max + 1);
            default:
                return rnd.nextInt(Math.min(max, 72) + 1);
        }
    }

    /**
     * One thread plays both sides in a random order.
     *
     * @param seed  the seed (the trace's name carries it)
     * @param calls how many API calls to make
     */
    public static RingTraceChecker.Trace singleThreaded(long seed, int calls) {
        RecordingTracer tracer = new RecordingTracer();
        SingleThreadedRun run = singleThreaded(seed, calls, tracer);
        return new RingTraceChecker.Trace("single-threaded seed=" + seed + " DataSize=" + run.dataSize() + " feat="
            + run.feat(), run.dataSize(), run.feat(), SteppedRing.asTrace(tracer.events()));
    }

    /**
     * What a single-threaded run did, call by call.
     *
     * @param dataSize the ring's data size
     * @param feat     its feature bit
     * @param outcomes one line per API call: the call, its result, and the control page afterwards
     */
    public record SingleThreadedRun(int dataSize, boolean feat, List<String> outcomes) {
    }

    /**
     * One thread plays both sides in a random order, with the given tracer ({@link SpecTracer#OFF} runs the ring's
     * untraced fast paths: cached indexes, no per-step lock).
     */
    public static SingleThreadedRun singleThreaded(long seed, int calls, SpecTracer tracer) {
        Random rnd = new Random(seed);
        int[] sizes = {64, 96, 256, 1024, 4096, 8192};
        int dataSize = sizes[rnd.nextInt(sizes.length)];
        boolean feat = rnd.nextInt(4) != 0;
        RingLayout layout = ring(dataSize, feat, rnd);
        RingWriter w = new RingWriter(layout, tracer);
        RingReader r = new RingReader(layout, tracer);
        RingDoorbell readerBell = new RingDoorbell();
        RingDoorbell writerBell = new RingDoorbell();
        Checker checker = new Checker();
        List<String> outcomes = new ArrayList<>();
        int nextPkt = 1;
        int waitingLen = -1;
        int waitingPayload = 0;
        for (int c = 0; c < calls; c++) {
            boolean writerTurn = rnd.nextBoolean();
            String outcome;
            if (writerTurn) {
                switch (w.state()) {
                    case READY:
                    case FULL:
                        if (w.state() == RingWriter.State.FULL && feat && rnd.nextBoolean()) {
                            // pending_send_sz is at least the waiting write; sometimes more (OpenVMM's hysteresis)
                            int room = (dataSize - 8 - waitingLen) / 8;
                            int pend = waitingLen + (room > 0 && rnd.nextInt(4) == 0 ? 8 * (1 + rnd.nextInt(room)) : 0);
                            boolean fits = w.requestSpace(pend);
                            outcome = "requestSpace(" + pend + ") = " + fits;
                            if (fits) {
                                waitingLen = -1;
                            }
                            break;
                        }
                        int n = w.state() == RingWriter.State.FULL ? waitingPayload : payloadLength(rnd, dataSize);
                        WriteStatus st = write(w, nextPkt, n);
                        outcome = "tryWrite(pkt " + nextPkt + ", " + n + " bytes) = " + st;
                        if (st == WriteStatus.FULL) {
                            waitingLen = PacketDescriptor.ringLength(n);
                            waitingPayload = n;
                        } else {
                            nextPkt++;
                            waitingLen = -1;
                            if (st.signal()) {
                                readerBell.raise();
                            }
                        }
                        break;
                    case SLEEPING:
                        // wakes if the reader signalled; else a no-op (the real writer would still be asleep)
                        outcome = "wake = " + w.wake(writerBell);
                        break;
                    default:
                        throw new AssertionError("writer state: " + w.state());
                }
            } else {
                switch (r.state()) {
                    case IDLE:
                        outcome = "beginRead = " + r.beginRead(readerBell);
                        break;
                    case READING:
                        if (r.readIndex() == r.committedReadIndex() && rnd.nextInt(3) == 0) {
                            outcome = "endRead = " + r.endRead();
                        } else {
                            int max = 1 + rnd.nextInt(4);
                            BatchResult br = r.readBatch(max, checker::onPacket);
                            outcome = "readBatch(" + max + ") = " + br;
                            if (br.signalWriter()) {
                                writerBell.raise();
                            }
                        }
                        break;
                    default:
                        throw new AssertionError("reader state: " + r.state());
                }
            }
            outcomes.add(outcome + " -> wi=" + layout.writeIndexAcquire() + " ri=" + layout.readIndexAcquire()
                + " mask=" + layout.interruptMaskAcquire() + " pend=" + layout.pendingSendSizeAcquire() + " "
                + w.state() + "/" + r.state() + " doorbells=" + readerBell.isRaised() + "/" + writerBell.isRaised());
        }
        if (!checker.errors.isEmpty()) {
            throw new AssertionError("single-threaded seed=" + seed + ": " + checker.errors);
        }
        return new SingleThreadedRun(dataSize, feat, outcomes);
    }

    /**
     * A writer thread and a reader thread over one ring with real doorbells: the writer retries on FULL (polling
     * without the feature bit; with it, {@code requestSpace} and, if told to wait, sleeping on its doorbell and
     * {@code wake}); the reader sleeps on its doorbell, {@code beginRead}, drains with {@code readBatch}, and
     * {@code endRead}s until the re-check finds the ring empty.
     *
     * @param seed     seeds the payload lengths and batch sizes
     * @param dataSize data region size
     * @param feat     feat_pending_send_sz
     * @param packets  packets to pass
     */
    public static RingTraceChecker.Trace twoThreads(long seed, int dataSize, boolean feat, int packets)
        throws Exception {
        Random rnd = new Random(seed);
        RingLayout layout = ring(dataSize, feat, rnd);
        RecordingTracer tracer = new RecordingTracer();
        RingWriter w = new RingWriter(layout, tracer);
        RingReader r = new RingReader(layout, tracer);
        RingDoorbell readerBell = new RingDoorbell();
        RingDoorbell writerBell = new RingDoorbell();
        // each doorbell is raised inside the traced step that decides the signal, so it moves exactly as the
        // spec's sigR/sigW; raising it afterwards (from the loops' callbacks) let a reader consume an earlier,
        // coalesced raise and then see a late one the spec never decided (a flaky rejection, seen 1 in 20 runs)
        w.raiseOnSignal(readerBell);
        r.raiseOnSignal(writerBell);
        Checker checker = new Checker();
        long writerSeed = rnd.nextLong();
        long readerSeed = rnd.nextLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = pool.submit(() -> {
                Random wr = new Random(writerSeed);
                RingSendLoop sender = new RingSendLoop(w, () -> { });
                for (int pkt = 1; pkt <= packets; pkt++) {
                    int n = payloadLength(wr, dataSize);
                    int p = pkt;
                    sender.send(writer1 -> write(writer1, p, n), PacketDescriptor.ringLength(n), writerBell,
                        HANG_GUARD);
                }
                return null;
            });
            Future<?> reader = pool.submit(() -> {
                Random rr = new Random(readerSeed);
                RingDrainLoop drainer = new RingDrainLoop(r, () -> { });
                while (checker.next <= packets) {
                    drainer.awaitAndDrain(readerBell, HANG_GUARD, () -> 1 + rr.nextInt(8), checker::onPacket,
                        batch -> { });
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        if (!checker.errors.isEmpty() || checker.next != packets + 1) {
            throw new AssertionError("two threads seed=" + seed + ": read " + (checker.next - 1) + " of " + packets
                + ", " + checker.errors);
        }
        return new RingTraceChecker.Trace("two threads seed=" + seed + " DataSize=" + dataSize + " feat=" + feat
            + " packets=" + packets, dataSize, feat, SteppedRing.asTrace(tracer.events()));
    }
}
