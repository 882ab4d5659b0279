package org.hvref.ring;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;

/**
 * The consumer side of a ring (vmbus-core.md §6.5, batched mode; spec {@code VmbusRing} reader actions,
 * CONTRACT.md). One thread reads; a writer thread (or another process) may write concurrently. Not thread-safe
 * itself.
 *
 * <p>Typical loop: wait on the doorbell the writer raises, {@link #beginRead} (consumes it, interrupt_mask := 1),
 * {@link #readBatch} until it returns no packets (raising the writer's doorbell when it says so), then
 * {@link #endRead} (interrupt_mask := 0, full fence, re-check); repeat {@code readBatch} while {@code endRead}
 * returns {@code true}. {@code readBatch} may also be used without {@code beginRead} (polling, as DPDK's reader
 * does); the spec's reader only reads after ReaderWake, so traces of polling use are not spec behaviours.
 *
 * <p>Each packet is validated and copied out of the ring into a private buffer large enough for any packet the
 * ring can hold, descriptor included, before the handler sees it (time-of-check/time-of-use, hazards L-RING-9 and
 * L-RING-8); the handler gets a reusable {@link PacketView} of that copy. Every loaded write_index is validated
 * (range, alignment, only moving forward and never over unread data), every descriptor against the published data
 * (offset8 ≥ 2, len8 ≥ offset8, length ≤ available and ≤ DataSize - 8, trailer = start offset). On corruption the
 * reader enters {@link State#FAILED} and stays there (STYLE.md B14) until {@link #reset()}; nothing outside the
 * ring is read. read_index is committed (store-release) once per batch. With {@link SpecTracer#OFF} the read path
 * allocates nothing.
 *
 * <p>Trace events per call (CONTRACT.md): {@code beginRead}: ReaderWake; {@code readBatch}: ReaderRead×n, then
 * ReaderCommit and, with the feature bit, ReaderReadPending, ReaderDecidePendingSignal; {@code endRead}:
 * ReaderUnmask, ReaderRecheck.
 */
public final class RingReader {
    /** Reader states. */
    public enum State {
        /** Not draining; interrupt_mask is 0 (unless the peer initialized it otherwise). */
        IDLE,
        /** Between {@link #beginRead} and an {@link #endRead} that finds the ring empty; interrupt_mask is 1. */
        READING,
        /** The ring was found corrupt; every call fails until {@link #reset()}. */
        FAILED
    }

    private final RingLayout layout;
    private final int dataSize;
    private final SpecTracer tracer;
    /** Raised inside every ReaderDecidePendingSignal that decides TRUE, or {@code null} ({@link #raiseOnSignal}). */
    private volatile RingDoorbell signalBell;
    private final byte[] copy;
    private final ByteBuffer copyBuffer;
    private final PacketView view = new PacketView();

    private boolean featurePendingSend;
    private int readIndex;
    private int committedReadIndex;
    private int cachedWriteIndex;
    private long packets;
    private State state;
    private RingCorruptedException failure;

    /**
     * A reader without tracing.
     *
     * @param layout the ring
     */
    public RingReader(RingLayout layout) {
        this(layout, SpecTracer.OFF);
    }

    /**
     * A reader that records its spec actions.
     *
     * @param layout the ring; read_index, write_index and feature_bits are loaded (and validated) from its control
     *               page; the feature bit is then constant for this reader
     * @param tracer the tracer ({@link SpecTracer#OFF} for none)
     * @throws RingCorruptedException if the control page holds invalid indexes
     */
    public RingReader(RingLayout layout, SpecTracer tracer) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.dataSize = layout.dataSize();
        this.copy = new byte[PacketFraming.copyBufferSize(dataSize)];
        this.copyBuffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        reset();
    }

    /**
     * Re-attaches to the control page: loads and validates read_index and write_index, reads the feature bit,
     * forgets packets read but not committed, clears the failure and returns to {@link State#IDLE}.
     *
     * @throws RingCorruptedException if the control page still holds invalid indexes (the reader stays failed)
     */
    public void reset() {
        state = State.FAILED;
        failure = null;
        try {
            readIndex = RingIndexes.check("read index", layout.readIndexAcquire(), dataSize);
            committedReadIndex = readIndex;
            cachedWriteIndex = RingIndexes.check("write index", layout.writeIndexAcquire(), dataSize);
        } catch (RingCorruptedException e) {
            failure = e;
            throw e;
        }
        featurePendingSend = (layout.featureBitsAcquire() & RingControlDescriptor.FEAT_PENDING_SEND_SIZE) != 0;
        state = State.IDLE;
    }

    /** @return the ring */
    public RingLayout layout() {
        return layout;
    }

    /** @return the current state */
    public State state() {
        return state;
    }

    /** @return the private read index (start of the next packet to read) */
    public int readIndex() {
        return readIndex;
    }

    /** @return the read_index last committed by this reader */
    public int committedReadIndex() {
        return committedReadIndex;
    }

    /** @return number of packets read (the {@code pkt} of the last ReaderRead) */
    public long packetsRead() {
        return packets;
    }

    /** @return whether the ring's feat_pending_send_sz bit was set when this reader attached */
    public boolean featurePendingSend() {
        return featurePendingSend;
    }

    /** @return the failure that put the reader in {@link State#FAILED}, or {@code null} */
    public RingCorruptedException failure() {
        return failure;
    }

    private void checkNotFailed() {
        if (state == State.FAILED) {
            RingCorruptedException f = failure;
            throw new RingCorruptedException(f.reason(), "ring reader failed earlier: " + f.getMessage(),
                f.offset());
        }
    }

    private RingCorruptedException fail(RingCorruptedException e) {
        state = State.FAILED;
        failure = e;
        return e;
    }

    /**
     * Makes every ReaderDecidePendingSignal that decides to signal also raise {@code writerBell} inside that step
     * (under the tracer's lock when traced), so the doorbell moves exactly as the spec's {@code sigW} (see {@link
     * RingWriter#raiseOnSignal}). A caller that uses this must not raise the doorbell again when {@link
     * BatchResult#signalWriter()} says so (it still interrupts the peer, if it has one).
     *
     * @param writerBell the writer's doorbell
     */
    public void raiseOnSignal(RingDoorbell writerBell) {
        signalBell = Objects.requireNonNull(writerBell, "writerBell");
    }

    // ---------------------------------------------------------------- beginRead

    /**
     * ReaderWake: consumes the writer's signal and masks interrupts (interrupt_mask := 1, Linux {@code
     * hv_begin_read}) for the drain. Returns {@code false} (and does nothing) if the doorbell is not raised.
     *
     * @param doorbell the doorbell the writer raises (on {@link WriteStatus#WRITTEN_SIGNAL})
     * @return whether the reader woke (state {@link State#READING})
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_WAKE)
    public boolean beginRead(RingDoorbell doorbell) {
        Objects.requireNonNull(doorbell, "doorbell");
        checkNotFailed();
        if (state != State.IDLE) {
            throw new IllegalStateException("ring reader state: " + state + " (expected: IDLE)");
        }
        if (tracer.enabled()) {
            synchronized (tracer.lock()) {
                return readerWake(doorbell);
            }
        }
        return readerWake(doorbell);
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_WAKE)
    private boolean readerWake(RingDoorbell doorbell) {
        if (!doorbell.tryConsume()) {
            return false;
        }
        layout.putInterruptMaskRelease(1);
        // Linux hv_begin_read issues a full barrier after setting the mask (vmbus-core.md §6.5 step 1). No TLA+
        // config proves it needed (it is not among ring/README-TSO.md's four): a writer that still sees mask 0
        // only signals a real empty->non-empty transition, which the spec allows. Kept for fidelity with Linux,
        // once per drain, not per packet, so the mask takes effect promptly.
        VarHandle.fullFence();
        state = State.READING;
        if (tracer.enabled()) {
            tracer.record(RingActions.READER_WAKE, RingActions.F_MASK, 1);
        }
        return true;
    }

    // ---------------------------------------------------------------- readBatch

    /**
     * Reads up to {@code maxPackets} packets, handing each to {@code handler}, then commits read_index once and
     * (if the ring has the pending-send feature) decides whether a blocked writer must be signalled: iff
     * {@code pend != 0 && free_before <= pend < free_after} (vmbus-core.md §6.5 step 7). If the handler throws,
     * the packet counts as read; it is committed by the next call.
     *
     * @param maxPackets most packets to read, ≥ 1
     * @param handler    receives each packet (a reusable view valid only during the call)
     * @return packets read and whether to raise the writer's doorbell
     * @throws RingCorruptedException if the ring is corrupt (the reader is then {@link State#FAILED})
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_READ)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_COMMIT)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_READ_PENDING)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_DECIDE_PENDING_SIGNAL)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.READER_PENDING_FENCE)
    public BatchResult readBatch(int maxPackets, PacketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (maxPackets < 1) {
            throw new IllegalArgumentException("max packets: " + maxPackets + " (expected: >= 1)");
        }
        checkNotFailed();
        final boolean traced = tracer.enabled();
        int n = 0;
        try {
            while (n < maxPackets) {
                if (traced) {
                    synchronized (tracer.lock()) {
                        if (!readerRead(true)) {
                            break;
                        }
                    }
                } else if (!readerRead(false)) {
                    break;
                }
                n++;
                handler.onPacket(view);
            }
            if (readIndex == committedReadIndex) {
                return BatchResult.EMPTY;
            }
            int consumed = RingIndexes.distance(committedReadIndex, readIndex, dataSize);
            boolean sig = false;
            if (traced) {
                synchronized (tracer.lock()) {
                    readerCommit();
                }
                if (featurePendingSend) {
                    int pend;
                    synchronized (tracer.lock()) {
                        pend = readerReadPending();
                    }
                    synchronized (tracer.lock()) {
                        sig = readerDecidePendingSignal(pend, consumed);
                    }
                }
            } else {
                readerCommit();
                if (featurePendingSend) {
                    sig = readerDecidePendingSignal(readerReadPending(), consumed);
                }
            }
            return BatchResult.of(n, sig);
        } catch (RingCorruptedException e) {
            throw fail(e);
        }
    }

    /**
     * ReaderRead: finds, validates and copies out the packet at the private read index. Returns {@code false}
     * (unlogged) if nothing is available.
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_READ)
    private boolean readerRead(boolean traced) {
        final int ri = readIndex;
        int wi = cachedWriteIndex;
        int available = RingIndexes.distance(ri, wi, dataSize);
        if (available == 0 || traced) {
            // traced runs load write_index at every ReaderRead, as the spec action does
            wi = loadWriteIndex();
            available = RingIndexes.distance(ri, wi, dataSize);
            if (available == 0) {
                return false;
            }
        }
        int len = PacketFraming.copyOut(layout, ri, available, copy, copyBuffer);
        long trailer = copyBuffer.getLong(len - PacketDescriptor.TRAILER_LENGTH);
        view.wrap(copyBuffer, 0, ri, trailer);
        readIndex = RingIndexes.advance(ri, len, dataSize);
        packets++;
        if (traced) {
            tracer.record(RingActions.READER_READ, RingActions.F_WI, wi, RingActions.F_PKT, packets,
                RingActions.F_LEN, len);
        }
        return true;
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_COMMIT)
    private void readerCommit() {
        layout.putReadIndexRelease(readIndex);
        committedReadIndex = readIndex;
        if (tracer.enabled()) {
            tracer.record(RingActions.READER_COMMIT, RingActions.F_RI, readIndex);
        }
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_READ_PENDING)
    private int readerReadPending() {
        readerPendingFence();
        int pend = layout.pendingSendSizeAcquire() & ~RingControlDescriptor.PENDING_SEND_SIZE_IGNORED_BITS;
        if (tracer.enabled()) {
            tracer.record(RingActions.READER_READ_PENDING, RingActions.F_PEND, Integer.toUnsignedLong(pend));
        }
        return pend;
    }

    /**
     * The consumer's store→load fence between committing read_index and loading pending_send_sz (vmbus-core.md
     * §6.5 step 7, hazards L-RING-1): without it the reader can read a stale pending_send_sz = 0 while the writer,
     * having set it, re-reads a stale read_index and sleeps for ever.
     */
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.READER_PENDING_FENCE)
    private static void readerPendingFence() {
        // ring/MCVmbusRingTSO_no_pending_fence_bug.cfg: removing this fence leaves a blocked writer asleep.
        VarHandle.fullFence();
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_DECIDE_PENDING_SIGNAL)
    private boolean readerDecidePendingSignal(int pend, int consumed) {
        int wi = loadWriteIndex();
        long freeAfter = dataSize - RingIndexes.distance(readIndex, wi, dataSize);
        long freeBefore = freeAfter - consumed;
        long pending = Integer.toUnsignedLong(pend);
        boolean sig = pending != 0 && freeBefore <= pending && pending < freeAfter;
        RingDoorbell bell = signalBell;
        if (sig && bell != null) {
            bell.raise();
        }
        if (tracer.enabled()) {
            tracer.record(RingActions.READER_DECIDE_PENDING_SIGNAL, RingActions.F_WI, wi, RingActions.F_SIG, sig);
        }
        return sig;
    }

    /**
     * Loads write_index (acquire) and validates it: in range, aligned, and moved forward from the last value seen
     * without passing the committed read_index (the writer may fill at most DataSize - 8 bytes).
     */
    private int loadWriteIndex() {
        int wi = RingIndexes.check("write index", layout.writeIndexAcquire(), dataSize);
        int usedBefore = RingIndexes.distance(committedReadIndex, cachedWriteIndex, dataSize);
        int usedNow = RingIndexes.distance(committedReadIndex, wi, dataSize);
        if (usedNow < usedBefore) {
            throw new RingCorruptedException(RingError.WRITE_INDEX_REGRESSED, "write index: " + wi
                + " (expected: from last write index " + cachedWriteIndex + " forward, not past read index "
                + committedReadIndex + ")");
        }
        cachedWriteIndex = wi;
        return wi;
    }

    // ---------------------------------------------------------------- endRead

    /**
     * ReaderUnmask then ReaderRecheck: interrupt_mask := 0, full fence, re-load write_index; if data arrived,
     * interrupt_mask := 1 again and the reader stays {@link State#READING} (returns {@code true}: keep draining with
     * {@link #readBatch}); otherwise it goes {@link State#IDLE}. All packets read must be committed.
     *
     * @return whether the ring is non-empty and the reader must keep draining
     * @throws RingCorruptedException if write_index is corrupt
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_UNMASK)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_RECHECK)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.READER_FENCE)
    public boolean endRead() {
        checkNotFailed();
        if (state != State.READING) {
            throw new IllegalStateException("ring reader state: " + state + " (expected: READING)");
        }
        if (readIndex != committedReadIndex) {
            throw new IllegalStateException("uncommitted read index: " + readIndex + " (expected: committed "
                + committedReadIndex + "; call readBatch to commit)");
        }
        try {
            if (tracer.enabled()) {
                synchronized (tracer.lock()) {
                    readerUnmask();
                }
                synchronized (tracer.lock()) {
                    return readerRecheck();
                }
            }
            readerUnmask();
            return readerRecheck();
        } catch (RingCorruptedException e) {
            throw fail(e);
        }
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_UNMASK)
    private void readerUnmask() {
        layout.putInterruptMaskRelease(0);
        if (tracer.enabled()) {
            tracer.record(RingActions.READER_UNMASK, RingActions.F_MASK, 0);
        }
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.READER_RECHECK)
    private boolean readerRecheck() {
        readerFence();
        int wi = loadWriteIndex();
        boolean nonEmpty = wi != readIndex;
        if (nonEmpty) {
            layout.putInterruptMaskRelease(1);
        } else {
            state = State.IDLE;
        }
        if (tracer.enabled()) {
            tracer.record(RingActions.READER_RECHECK, RingActions.F_WI, wi, RingActions.F_MASK, nonEmpty ? 1 : 0);
        }
        return nonEmpty;
    }

    /**
     * The consumer's store→load fence between clearing interrupt_mask and re-loading write_index (vmbus-core.md
     * §6.5 step 8, hazards L-RING-4): without it the mask store can sit in the store buffer while the reader sees a
     * stale, empty write_index and the writer sees the stale mask = 1 and does not signal: a lost wake-up.
     */
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.READER_FENCE)
    private static void readerFence() {
        // ring/MCVmbusRingTSO_no_consumer_fence_bug.cfg: removing this fence loses a wake-up.
        VarHandle.fullFence();
    }

    @Override
    public String toString() {
        return "RingReader[" + state + ", readIndex=" + readIndex + ", committed=" + committedReadIndex
            + ", packets=" + packets + "]";
    }
}
