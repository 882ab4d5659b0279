package org.hvref.ring.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.BatchResult;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketView;
import org.hvref.ring.RingActions;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.WriteStatus;
import org.hvref.trace.SpecTracer;
import org.hvref.trace.TraceEvent;

/**
 * The unmodified Java ring ({@link RingWriter}, {@link RingReader}, two {@link RingDoorbell}s) driven one spec
 * action at a time, with a real writer thread and a real reader thread.
 *
 * <p>How: the ring performs each logged step inside {@code synchronized (tracer.lock())} and records its event
 * before leaving it (SpecTracer's protocol). This class's tracer blocks in {@link SpecTracer#lock()} — before the
 * step, holding nothing — until the test grants that side one step. So each side thread runs its API call
 * ({@code tryWrite}, {@code requestSpace}, {@code wake}; {@code beginRead}, {@code readBatch}, {@code endRead}) up to
 * the next step and parks there; {@link #step} starts a call when needed, lets exactly one step through and waits
 * until the side is parked again or back between calls. Unlogged work (the reader's load that finds nothing, the
 * caller raising a doorbell after {@code tryWrite}/{@code readBatch} say so) happens inside the grant, as in a real
 * run. The recorded events are a trace in the TLA+ sense: one event per step, in the order granted.
 *
 * <p>Packets carry their sequence number as transaction id and a payload derived from it; the reader's handler
 * checks the payload and records the sequence numbers ({@code recv}). {@link #abstraction()} reads the control page,
 * both doorbells, both sides' private indexes and states, and decodes the packets in flight from ring memory.
 */
public final class SteppedRing implements AutoCloseable {

    /** Which side performs an action. */
    public enum Side {
        /** The producer thread. */
        WRITER,
        /** The consumer thread. */
        READER
    }

    private enum Phase {
        IDLE, RUNNING, GATE, DEAD
    }

    /** Thrown inside a parked side thread when the ring is closed, to unwind its API call. */
    private static final class Abort extends Error {
        private static final long serialVersionUID = 1L;

        Abort() {
            super("stepped ring closed", null, false, false);
        }
    }

    /**
     * What one {@link #step} or {@link #probe} did.
     *
     * @param events       events recorded (0 or 1 for a step)
     * @param callFinished whether the side's API call returned (or threw) during it
     * @param result       the call's result if it finished, else {@code null}
     * @param error        the call's exception if it threw, else {@code null}
     */
    public record Outcome(List<TraceEvent> events, boolean callFinished, Object result, Throwable error) {
        /** The single event, or {@code null} if there is not exactly one. */
        public TraceEvent event() {
            return events.size() == 1 ? events.get(0) : null;
        }
    }

    private static final long TIMEOUT_MS = 10_000;

    private final Object mon = new Object();
    private final Object ringLock = new Object();
    private final RingLayout layout;
    private final RingWriter writer;
    private final RingReader reader;
    private final RingDoorbell readerBell = new RingDoorbell();
    private final RingDoorbell writerBell = new RingDoorbell();
    private final boolean feat;
    private final List<TraceEvent> events = new ArrayList<>();
    private final List<Integer> recv = new ArrayList<>();
    private final List<String> payloadErrors = new ArrayList<>();
    private final Runner writerSide;
    private final Runner readerSide;
    private long readAtCommit;
    private boolean closed;

    private final class Runner implements Runnable {
        final Side side;
        final Thread thread;
        Phase phase = Phase.IDLE;
        long epoch;
        Callable<Object> command;
        boolean granted;
        String lastEventInCall;
        Object result;
        Throwable error;

        Runner(Side side, String name) {
            this.side = side;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Callable<Object> c;
                synchronized (mon) {
                    while (command == null && !closed) {
                        waitOn();
                    }
                    if (closed) {
                        phase = Phase.DEAD;
                        epoch++;
                        mon.notifyAll();
                        return;
                    }
                    c = command;
                    command = null;
                    lastEventInCall = null;
                }
                Object r = null;
                Throwable err = null;
                try {
                    r = c.call();
                } catch (Abort a) {
                    synchronized (mon) {
                        phase = Phase.DEAD;
                        epoch++;
                        mon.notifyAll();
                    }
                    return;
                } catch (Throwable t) {
                    err = t;
                }
                synchronized (mon) {
                    result = r;
                    error = err;
                    phase = Phase.IDLE;
                    epoch++;
                    mon.notifyAll();
                }
            }
        }
    }

    private final SpecTracer tracer = new SpecTracer() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Object lock() {
            Runner r = runnerOf(Thread.currentThread());
            if (r == null) {
                return ringLock;
            }
            synchronized (mon) {
                r.phase = Phase.GATE;
                r.epoch++;
                mon.notifyAll();
                while (!r.granted && !closed) {
                    waitOn();
                }
                if (closed) {
                    throw new Abort();
                }
                r.granted = false;
                r.phase = Phase.RUNNING;
            }
            return ringLock;
        }

        @Override
        public void record(String action, Map<String, Object> fields) {
            TraceEvent e = new TraceEvent(action, fields);
            synchronized (mon) {
                events.add(e);
                Runner r = runnerOf(Thread.currentThread());
                if (r != null) {
                    r.lastEventInCall = action;
                }
                if (action.equals(RingActions.READER_COMMIT)) {
                    readAtCommit = reader.packetsRead();
                }
            }
        }
    };

    /**
     * A fresh ring (write_index = read_index = 0, interrupt_mask 0, pending_send_sz 0) over heap guest memory, with a
     * writer and a reader thread.
     *
     * @param dataSize data region size (multiple of 8, ≥ 32)
     * @param feat     the ring's feat_pending_send_sz bit
     */
    public SteppedRing(int dataSize, boolean feat) {
        this.feat = feat;
        int pages = 1 + (dataSize + GuestMemory.PAGE_SIZE - 1) / GuestMemory.PAGE_SIZE;
        layout = RingLayout.contiguous(GuestMemory.heap(pages), 0, dataSize);
        layout.initialize(feat);
        writer = new RingWriter(layout, tracer);
        reader = new RingReader(layout, tracer);
        writerSide = new Runner(Side.WRITER, "stepped-ring-writer");
        readerSide = new Runner(Side.READER, "stepped-ring-reader");
        writerSide.thread.start();
        readerSide.thread.start();
    }

    private Runner runnerOf(Thread t) {
        if (writerSide != null && t == writerSide.thread) {
            return writerSide;
        }
        if (readerSide != null && t == readerSide.thread) {
            return readerSide;
        }
        return null;
    }

    private Runner runner(Side side) {
        return side == Side.WRITER ? writerSide : readerSide;
    }

    private void waitOn() {
        try {
            mon.wait(TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits (holding mon) until the side left the epoch it was in. */
    private void awaitMoved(Runner r, long epoch) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (r.epoch == epoch) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("stepped ring: " + r.side + " did not reach a step or return within "
                    + TIMEOUT_MS + " ms (expected: it never blocks); stack: "
                    + Arrays.toString(r.thread.getStackTrace()));
            }
            waitOn();
        }
    }

    /** @return the ring */
    public RingLayout layout() {
        return layout;
    }

    /** @return the writer (its calls must be made through {@link #step} or {@link #probe}) */
    public RingWriter writer() {
        return writer;
    }

    /** @return the reader (its calls must be made through {@link #step} or {@link #probe}) */
    public RingReader reader() {
        return reader;
    }

    /** @return the doorbell the writer raises (spec {@code sigR}) */
    public RingDoorbell readerDoorbell() {
        return readerBell;
    }

    /** @return the doorbell the reader raises (spec {@code sigW}) */
    public RingDoorbell writerDoorbell() {
        return writerBell;
    }

    /** @return whether the side is parked inside an API call, before its next step */
    public boolean midCall(Side side) {
        synchronized (mon) {
            return runner(side).phase == Phase.GATE;
        }
    }

    /** @return every event recorded so far, in order */
    public List<TraceEvent> events() {
        synchronized (mon) {
            return List.copyOf(events);
        }
    }

    /** @return the events as maps with the action under {@code "e"} (the form the trace validators take) */
    public List<Map<String, Object>> trace() {
        return asTrace(events());
    }

    /**
     * Converts events to the maps the trace validators take ({@link TraceEvent#toRecord()}, with numbers as
     * {@link Long} so that they compare equal to {@link RingSpecModel}'s events).
     */
    public static List<Map<String, Object>> asTrace(List<TraceEvent> events) {
        List<Map<String, Object>> out = new ArrayList<>(events.size());
        for (TraceEvent e : events) {
            Map<String, Object> m = e.toRecord();
            m.replaceAll((k, v) -> v instanceof Integer ? Long.valueOf((Integer) v) : v);
            out.add(m);
        }
        return out;
    }

    /** @return sequence numbers of the packets the reader handed out, in order */
    public List<Integer> received() {
        synchronized (mon) {
            return List.copyOf(recv);
        }
    }

    /** @return descriptions of packets whose contents were not what the writer wrote */
    public List<String> payloadErrors() {
        synchronized (mon) {
            return List.copyOf(payloadErrors);
        }
    }

    // ------------------------------------------------------------------ steps

    /**
     * Performs spec action {@code a} on the Java ring: if the side is between calls, starts the call that begins
     * with {@code a} (a {@code ReaderRead} starts {@code readBatch(plannedReads)}); then lets one step through.
     * A reader parked at a read attempt when {@code a} is {@code ReaderCommit} gets a second grant after an
     * unlogged empty load, as in a real run.
     *
     * @param a            the action the model takes
     * @param plannedReads for a {@code ReaderRead} that starts a batch: how many reads the batch will make
     * @return the events the Java ring recorded (the test compares them with the model's)
     */
    public Outcome step(RingSpecModel.Action a, int plannedReads) {
        Runner r = runner(a.writer() ? Side.WRITER : Side.READER);
        int before;
        synchronized (mon) {
            before = events.size();
        }
        if (phase(r) == Phase.IDLE) {
            submit(r, callFor(a, plannedReads));
            if (phase(r) != Phase.GATE) {
                return outcome(r, before, true);
            }
        } else if (phase(r) != Phase.GATE) {
            throw new IllegalStateException("side " + r.side + ": " + phase(r) + " (expected: IDLE or GATE)");
        }
        grant(r);
        if (a.name().equals(RingActions.READER_COMMIT) && phase(r) == Phase.GATE && eventCount() == before) {
            grant(r);
        }
        return outcome(r, before, phase(r) != Phase.GATE);
    }

    /**
     * Calls an API method on a side that is between calls and lets it run to completion (granting every step it
     * asks for): a probe of a step the model forbids, which the implementation must refuse — no event, and the
     * call returns {@code false}/{@link BatchResult#EMPTY} or throws.
     *
     * @param side the side
     * @param call one of {@code tryWrite}, {@code requestSpace}, {@code wake}, {@code beginRead},
     *             {@code readBatch}, {@code endRead}
     * @param len  for {@code tryWrite}/{@code requestSpace}: the ring length
     * @return what happened
     */
    public Outcome probe(Side side, String call, int len) {
        Runner r = runner(side);
        if (phase(r) != Phase.IDLE) {
            throw new IllegalStateException("probe: " + side + " is " + phase(r) + " (expected: IDLE)");
        }
        int before = eventCount();
        submit(r, callNamed(call, len, 1));
        for (int i = 0; i < 4 && phase(r) == Phase.GATE; i++) {
            grant(r);
        }
        return outcome(r, before, phase(r) != Phase.GATE);
    }

    private Outcome outcome(Runner r, int before, boolean finished) {
        synchronized (mon) {
            List<TraceEvent> got = List.copyOf(events.subList(before, events.size()));
            return new Outcome(got, finished, finished ? r.result : null, finished ? r.error : null);
        }
    }

    private int eventCount() {
        synchronized (mon) {
            return events.size();
        }
    }

    private Phase phase(Runner r) {
        synchronized (mon) {
            return r.phase;
        }
    }

    private void submit(Runner r, Callable<Object> c) {
        synchronized (mon) {
            long epoch = r.epoch;
            r.result = null;
            r.error = null;
            r.command = c;
            r.phase = Phase.RUNNING;
            mon.notifyAll();
            awaitMoved(r, epoch);
        }
    }

    private void grant(Runner r) {
        synchronized (mon) {
            if (r.phase != Phase.GATE) {
                throw new IllegalStateException("grant: " + r.side + " is " + r.phase + " (expected: GATE)");
            }
            long epoch = r.epoch;
            r.granted = true;
            mon.notifyAll();
            awaitMoved(r, epoch);
        }
    }

    private Callable<Object> callFor(RingSpecModel.Action a, int plannedReads) {
        switch (a.name()) {
            case RingActions.WRITER_COPY:
            case RingActions.WRITER_FULL:
                return callNamed("tryWrite", a.param(), 0);
            case RingActions.WRITER_SET_PENDING:
                return callNamed("requestSpace", a.param(), 0);
            case RingActions.WRITER_WAKE:
                return callNamed("wake", 0, 0);
            case RingActions.READER_WAKE:
                return callNamed("beginRead", 0, 0);
            case RingActions.READER_READ:
                return callNamed("readBatch", 0, Math.max(1, plannedReads));
            case RingActions.READER_UNMASK:
                return callNamed("endRead", 0, 0);
            default:
                throw new IllegalStateException("action " + a + " cannot start an API call (expected: the side to be"
                    + " inside the call that performs it)");
        }
    }

    private Callable<Object> callNamed(String call, int len, int maxPackets) {
        switch (call) {
            case "tryWrite":
                return () -> {
                    int pkt = (int) writer.packetsWritten() + 1;
                    byte[] payload = payload(pkt, len);
                    WriteStatus st = writer.tryWrite(0x6, 0, pkt, payload, 0, payload.length);
                    if (st.signal()) {
                        readerBell.raise();
                    }
                    return st;
                };
            case "requestSpace":
                return () -> writer.requestSpace(len);
            case "wake":
                return () -> writer.wake(writerBell);
            case "beginRead":
                return () -> reader.beginRead(readerBell);
            case "readBatch":
                return () -> {
                    BatchResult br = reader.readBatch(maxPackets, this::onPacket);
                    if (br.signalWriter()) {
                        writerBell.raise();
                    }
                    return br;
                };
            case "endRead":
                return () -> reader.endRead();
            default:
                throw new IllegalArgumentException("call: " + call + " (expected: a ring API call)");
        }
    }

    /**
     * The payload of packet {@code pkt} for ring length {@code len}: {@code len - 24 - (pkt mod 8)} bytes (at least
     * 0, so len8 is the same and the padding varies), byte i = {@code 31 * pkt + i}.
     */
    public static byte[] payload(int pkt, int len) {
        int base = len - PacketDescriptor.MIN_RING_LENGTH;
        int n = base - Math.min(base, pkt % 8);
        if (n < 0) {
            throw new IllegalArgumentException("ring length: " + len + " (expected: >= 24)");
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (31 * pkt + i);
        }
        return b;
    }

    private void onPacket(PacketView v) {
        long txid = v.transactionId();
        int len = v.length() + PacketDescriptor.TRAILER_LENGTH;
        byte[] expected = txid > 0 && txid < Integer.MAX_VALUE ? payload((int) txid, len) : null;
        byte[] got = v.payload();
        synchronized (mon) {
            recv.add((int) txid);
            if (expected == null || !paddedEquals(expected, got, len - PacketDescriptor.MIN_RING_LENGTH)) {
                payloadErrors.add("packet " + txid + " at " + v.ringOffset() + ": payload " + Arrays.toString(got)
                    + " (expected: " + (expected == null ? "a valid sequence number" : Arrays.toString(expected)
                    + " and zero padding") + ")");
            }
        }
    }

    /** The reader sees the payload with its zero padding (len8 counts whole 8-byte words). */
    private static boolean paddedEquals(byte[] written, byte[] read, int paddedLength) {
        if (read.length != paddedLength || written.length > read.length) {
            return false;
        }
        for (int i = 0; i < read.length; i++) {
            if (read[i] != (i < written.length ? written[i] : 0)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ abstraction

    /** The Java ring's state in the terms of {@link RingAbstraction}. */
    public RingAbstraction abstraction() {
        synchronized (mon) {
            int wi = layout.writeIndexAcquire();
            int ri = layout.readIndexAcquire();
            String wpc = writerPc();
            return new RingAbstraction(wi, ri, layout.interruptMaskAcquire(), layout.pendingSendSizeAcquire(),
                readerBell.isRaised(), writerBell.isRaised(), wpc, readerPc(), writer.writeIndex(),
                reader.committedReadIndex(), reader.readIndex(), (int) (reader.packetsRead() - readAtCommit),
                inflight(ri, wi, wpc.equals("publish")), (int) writer.packetsWritten(), recv);
        }
    }

    private String writerPc() {
        RingWriter.State st = writer.state();
        if (writerSide.phase == Phase.GATE) {
            String pc = writerSide.lastEventInCall == null ? "call-start" : switch (writerSide.lastEventInCall) {
                case RingActions.WRITER_COPY -> "publish";
                case RingActions.WRITER_PUBLISH -> "readmask";
                case RingActions.WRITER_READ_MASK -> "decide";
                case RingActions.WRITER_SET_PENDING -> st == RingWriter.State.PENDING ? "pending" : "pending/" + st;
                default -> "after-" + writerSide.lastEventInCall;
            };
            return pc;
        }
        return switch (st) {
            case READY -> "idle";
            case FULL -> "full";
            case SLEEPING -> "sleep";
            case PENDING -> "pending(idle)";
            case FAILED -> "failed";
        };
    }

    private String readerPc() {
        RingReader.State st = reader.state();
        if (readerSide.phase == Phase.GATE) {
            return readerSide.lastEventInCall == null ? "call-start" : switch (readerSide.lastEventInCall) {
                case RingActions.READER_READ -> st == RingReader.State.READING ? "drain" : "drain/" + st;
                case RingActions.READER_COMMIT -> feat ? "readpend" : "after-commit";
                case RingActions.READER_READ_PENDING -> "decidepend";
                case RingActions.READER_UNMASK -> "recheck";
                default -> "after-" + readerSide.lastEventInCall;
            };
        }
        return switch (st) {
            case IDLE -> "idle";
            case READING -> "drain";
            case FAILED -> "failed";
        };
    }

    /** Packets from read_index to write_index (and the one being copied at write_index), decoded from memory. */
    private List<RingSpecModel.Packet> inflight(int ri, int wi, boolean copying) {
        List<RingSpecModel.Packet> out = new ArrayList<>();
        int dataSize = layout.dataSize();
        int at = ri;
        int guard = dataSize / PacketDescriptor.MIN_RING_LENGTH + 2;
        while (at != wi && guard-- > 0) {
            RingSpecModel.Packet p = decode(at);
            out.add(p);
            if (p.pkt() < 0) {
                return out;
            }
            at = (at + p.len()) % dataSize;
        }
        if (copying) {
            out.add(decode(wi));
        }
        return out;
    }

    private RingSpecModel.Packet decode(int at) {
        int dataSize = layout.dataSize();
        long word0 = layout.getLong(at);
        int len8 = (int) ((word0 >>> 32) & 0xFFFF);
        long txid = layout.getLong((at + PacketDescriptor.TRANSACTION_ID_OFFSET) % dataSize);
        int len = len8 * PacketDescriptor.ALIGNMENT + PacketDescriptor.TRAILER_LENGTH;
        if (len8 < PacketDescriptor.MIN_OFFSET8 || len > dataSize - 8) {
            return new RingSpecModel.Packet(-1, len, at);
        }
        long trailer = layout.getLong((at + len8 * PacketDescriptor.ALIGNMENT) % dataSize);
        boolean ok = trailer == PacketDescriptor.trailer(at) && txid > 0 && txid < Integer.MAX_VALUE;
        return new RingSpecModel.Packet(ok ? (int) txid : -1, len, at);
    }

    /** Stops both side threads (a parked call is unwound; nothing more is written). */
    @Override
    public void close() {
        synchronized (mon) {
            closed = true;
            mon.notifyAll();
        }
        try {
            writerSide.thread.join(TIMEOUT_MS);
            readerSide.thread.join(TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SteppedRing[" + writer + ", " + reader + ", events=" + eventCount() + "]";
    }
}
