package org.hvref.ring;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;

/**
 * The producer side of a ring (vmbus-core.md §6.4; spec {@code VmbusRing} writer actions, CONTRACT.md). One
 * thread writes; a reader thread (or another process) may read concurrently. Not thread-safe itself.
 *
 * <p>{@link #tryWrite} loads read_index (acquire), checks {@code free > len} (one 8-byte slot stays free), copies
 * descriptor + headers + payload + zero padding + trailer ({@code old write_index << 32}) at the private write
 * index, store-releases write_index, then runs a full fence, loads interrupt_mask and read_index and asks for a
 * signal iff {@code mask == 0 && read_index == old write_index} (empty → non-empty). When the ring is full the
 * caller may {@link #requestSpace} (pending_send_sz) and, if that says so, sleep on its doorbell and {@link #wake}.
 *
 * <p>The peer's read_index is cached while it proves enough space (only when tracing is off, so traced runs load it
 * at every step as the spec does); every loaded read_index is validated (range, alignment, and that it only moves
 * forward and never past write_index). A corrupt control page fails the writer until {@link #reset()}. With
 * {@link SpecTracer#OFF} the write path allocates nothing.
 *
 * <p>Trace events per call (CONTRACT.md): {@code tryWrite}: WriterCopy, WriterPublish, WriterReadMask,
 * WriterDecideSignal, or WriterFull; {@code requestSpace}: WriterSetPending, WriterRecheck; {@code wake}:
 * WriterWake.
 */
public final class RingWriter {
    /** Writer states; WriterSetPending moves FULL → PENDING, WriterRecheck to READY or SLEEPING. */
    public enum State {
        /** May write. */
        READY,
        /** The last write returned FULL; may retry or {@link #requestSpace}. */
        FULL,
        /** pending_send_sz is set; a recheck is due (transient inside {@link #requestSpace}). */
        PENDING,
        /** pending_send_sz is set and there was not enough space: wait for the doorbell, then {@link #wake}. */
        SLEEPING,
        /** The control page was found corrupt; every call fails until {@link #reset()}. */
        FAILED
    }

    private final RingLayout layout;
    private final int dataSize;
    private final SpecTracer tracer;
    /** Raised inside every WriterDecideSignal that decides TRUE, or {@code null} ({@link #raiseOnSignal}). */
    private volatile RingDoorbell signalBell;

    private boolean featurePendingSend;
    private int writeIndex;
    private int cachedReadIndex;
    private long packets;
    private State state;
    private int pending;
    /** Ring bytes of the write that last returned FULL: what {@link #requestSpace} re-checks for. */
    private int fullLength;
    private RingCorruptedException failure;

    /**
     * A writer without tracing.
     *
     * @param layout the ring (initialized, see {@link RingLayout#initialize})
     */
    public RingWriter(RingLayout layout) {
        this(layout, SpecTracer.OFF);
    }

    /**
     * A writer that records its spec actions.
     *
     * @param layout the ring; write_index and read_index are loaded (and validated) from its control page
     * @param tracer the tracer ({@link SpecTracer#OFF} for none)
     * @throws RingCorruptedException if the control page holds invalid indexes
     */
    public RingWriter(RingLayout layout, SpecTracer tracer) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.dataSize = layout.dataSize();
        reset();
    }

    /**
     * Makes every WriterDecideSignal that decides to signal also raise {@code readerBell} inside that step (under the
     * tracer's lock when traced), so the doorbell moves exactly as the spec's {@code sigR}: a reader consuming it in
     * {@link RingReader#beginRead} never sees a raise that is not yet recorded, nor a late raise of a signal the spec
     * already coalesced with an earlier one. A caller that uses this must not raise the doorbell again on {@link
     * WriteStatus#WRITTEN_SIGNAL} (it still interrupts the peer, if it has one).
     *
     * @param readerBell the reader's doorbell
     */
    public void raiseOnSignal(RingDoorbell readerBell) {
        signalBell = Objects.requireNonNull(readerBell, "readerBell");
    }

    /**
     * Re-attaches to the control page: loads and validates write_index and read_index, clears the failure and
     * returns to {@link State#READY} (pending_send_sz is stored as 0 if this writer had set it).
     *
     * @throws RingCorruptedException if the control page still holds invalid indexes (the writer stays failed)
     */
    public void reset() {
        state = State.FAILED;
        failure = null;
        try {
            writeIndex = RingIndexes.check("write index", layout.writeIndexAcquire(), dataSize);
            cachedReadIndex = RingIndexes.check("read index", layout.readIndexAcquire(), dataSize);
        } catch (RingCorruptedException e) {
            failure = e;
            throw e;
        }
        featurePendingSend = (layout.featureBitsAcquire() & RingControlDescriptor.FEAT_PENDING_SEND_SIZE) != 0;
        if (pending != 0) {
            layout.putPendingSendSizeRelease(0);
            pending = 0;
        }
        state = State.READY;
    }

    /** @return the ring */
    public RingLayout layout() {
        return layout;
    }

    /** @return the current state */
    public State state() {
        return state;
    }

    /** @return the private write index (equal to the published write_index between calls) */
    public int writeIndex() {
        return writeIndex;
    }

    /** @return number of packets written (the {@code pkt} of the last WriterCopy) */
    public long packetsWritten() {
        return packets;
    }

    /** @return the failure that put the writer in {@link State#FAILED}, or {@code null} */
    public RingCorruptedException failure() {
        return failure;
    }

    /**
     * @return whether the ring's feat_pending_send_sz bit was set when this writer attached; without it the reader
     *     never signals free space and a full writer can only retry (poll)
     */
    public boolean featurePendingSend() {
        return featurePendingSend;
    }

    // ---------------------------------------------------------------- tryWrite

    /**
     * Encodes and writes a packet ({@link PacketCodec#encode}; allocates).
     *
     * @param packet the packet
     * @return the outcome
     * @throws RingCorruptedException if the reader's control fields are corrupt
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_COPY)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_FULL)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_PUBLISH)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_READ_MASK)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_DECIDE_SIGNAL)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_FENCE)
    public WriteStatus tryWrite(VmbusPacket packet) {
        byte[] encoded = PacketCodec.encode(packet);
        return tryWriteEncoded(encoded, 0, encoded.length);
    }

    /**
     * Writes a packet with offset8 = 2 (descriptor, then {@code payload[offset..offset+length)}, zero padding).
     * Allocates nothing when tracing is off.
     *
     * @param type          packet type (u16, any value)
     * @param flags         descriptor flags (u16, any value)
     * @param transactionId transaction id
     * @param payload       payload array
     * @param offset        first payload index
     * @param length        payload bytes
     * @return the outcome
     * @throws RingCorruptedException if the reader's control fields are corrupt
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_COPY)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_FULL)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_PUBLISH)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_READ_MASK)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_DECIDE_SIGNAL)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_FENCE)
    public WriteStatus tryWrite(int type, int flags, long transactionId, byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        checkU16("type", type);
        checkU16("flags", flags);
        return write(type, flags, transactionId, payload, offset, length, null, false);
    }

    /**
     * Writes a packet with offset8 = 2 whose payload is {@code payload}'s remaining bytes (its position is left
     * unchanged). Allocates nothing when tracing is off.
     *
     * @param type          packet type (u16, any value)
     * @param flags         descriptor flags (u16, any value)
     * @param transactionId transaction id
     * @param payload       payload, from position to limit
     * @return the outcome
     * @throws RingCorruptedException if the reader's control fields are corrupt
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_COPY)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_FULL)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_PUBLISH)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_READ_MASK)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_DECIDE_SIGNAL)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_FENCE)
    public WriteStatus tryWrite(int type, int flags, long transactionId, ByteBuffer payload) {
        checkU16("type", type);
        checkU16("flags", flags);
        return write(type, flags, transactionId, null, 0, payload.remaining(), payload, false);
    }

    /**
     * Writes an already encoded packet (descriptor + headers + payload + padding, as from {@link PacketCodec#encode}
     * or {@link RawPacket#bytes()}); only the trailer is added. The descriptor's len8 must equal {@code length / 8}
     * and its offset8 must be in {@code [2, len8]}.
     *
     * @param packet array holding the packet
     * @param offset index of its descriptor
     * @param length its length, a multiple of 8
     * @return the outcome
     * @throws RingCorruptedException if the reader's control fields are corrupt
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_COPY)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_FULL)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_PUBLISH)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_READ_MASK)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_DECIDE_SIGNAL)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_FENCE)
    public WriteStatus tryWriteEncoded(byte[] packet, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, packet.length);
        if (length < PacketDescriptor.LENGTH || length % PacketDescriptor.ALIGNMENT != 0) {
            throw new IllegalArgumentException("packet length: " + length + " (expected: >= 16, multiple of 8)");
        }
        int offset8 = u16(packet, offset + PacketDescriptor.OFFSET8_OFFSET);
        int len8 = u16(packet, offset + PacketDescriptor.LEN8_OFFSET);
        if (len8 * PacketDescriptor.ALIGNMENT != length || offset8 < PacketDescriptor.MIN_OFFSET8 || offset8 > len8) {
            throw new IllegalArgumentException("descriptor offset8/len8: " + offset8 + "/" + len8
                + " (expected: 2 <= offset8 <= len8 = " + length / PacketDescriptor.ALIGNMENT + ")");
        }
        return write(0, 0, 0, packet, offset, length, null, true);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static void checkU16(String what, int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..65535)");
        }
    }

    private void checkCanWrite() {
        if (state == State.READY || state == State.FULL) {
            return;
        }
        if (state == State.FAILED) {
            throw failed();
        }
        throw new IllegalStateException("ring writer state: " + state
            + " (expected: READY or FULL; a waiting writer must wake() first)");
    }

    private RingCorruptedException failed() {
        RingCorruptedException f = failure;
        return new RingCorruptedException(f.reason(), "ring writer failed earlier: " + f.getMessage(), f.offset());
    }

    private RingCorruptedException fail(RingCorruptedException e) {
        state = State.FAILED;
        failure = e;
        return e;
    }

    /** Ring bytes of a packet: {@code len8*8 + 8}; checks it can ever fit. */
    private int ringLength(int unpadded) {
        long ringLength = (((long) unpadded + 7) & -8L) + PacketDescriptor.TRAILER_LENGTH;
        if (ringLength > dataSize - PacketDescriptor.ALIGNMENT
            || ringLength - PacketDescriptor.TRAILER_LENGTH > (long) PacketDescriptor.MAX_LEN8 * 8) {
            throw new IllegalArgumentException("packet ring length: " + ringLength + " bytes (expected: <= "
                + Math.min(dataSize - PacketDescriptor.ALIGNMENT, PacketDescriptor.MAX_LEN8 * 8 + 8)
                + ", data size " + dataSize + " minus one free 8-byte slot)");
        }
        return (int) ringLength;
    }

    private WriteStatus write(int type, int flags, long transactionId, byte[] array, int offset, int length,
                              ByteBuffer buffer, boolean encoded) {
        checkCanWrite();
        int len = ringLength(encoded ? length : PacketDescriptor.LENGTH + length);
        try {
            if (tracer.enabled()) {
                return writeTraced(type, flags, transactionId, array, offset, length, buffer, encoded, len);
            }
            int wi = writeIndex;
            if (!fits(cachedReadIndex, len)) {
                if (!fits(loadReadIndex(), len)) {
                    state = State.FULL;
                    fullLength = len;
                    return WriteStatus.FULL;
                }
            }
            copyPacket(wi, type, flags, transactionId, array, offset, length, buffer, encoded, len);
            packets++;
            publish(RingIndexes.advance(wi, len, dataSize));
            writerFence();
            int mask = layout.interruptMaskAcquire();
            int ri = loadReadIndex();
            if (mask == 0 && ri == wi) {
                raiseSignalBell();
                return WriteStatus.WRITTEN_SIGNAL;
            }
            return WriteStatus.WRITTEN;
        } catch (RingCorruptedException e) {
            throw fail(e);
        }
    }

    private WriteStatus writeTraced(int type, int flags, long transactionId, byte[] array, int offset, int length,
                                    ByteBuffer buffer, boolean encoded, int len) {
        final int wi = writeIndex;
        synchronized (tracer.lock()) {
            if (!writerCopy(wi, type, flags, transactionId, array, offset, length, buffer, encoded, len)) {
                return WriteStatus.FULL;
            }
        }
        synchronized (tracer.lock()) {
            writerPublish(RingIndexes.advance(wi, len, dataSize));
        }
        int mask;
        synchronized (tracer.lock()) {
            mask = writerReadMask();
        }
        synchronized (tracer.lock()) {
            return writerDecideSignal(wi, mask) ? WriteStatus.WRITTEN_SIGNAL : WriteStatus.WRITTEN;
        }
    }

    /** WriterCopy or WriterFull (traced): load read_index, space check, copy. */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_COPY)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_FULL)
    private boolean writerCopy(int wi, int type, int flags, long transactionId, byte[] array, int offset, int length,
                               ByteBuffer buffer, boolean encoded, int len) {
        int ri = loadReadIndex();
        if (!fits(ri, len)) {
            state = State.FULL;
            fullLength = len;
            tracer.record(RingActions.WRITER_FULL, RingActions.F_LEN, len, RingActions.F_RI, ri);
            return false;
        }
        copyPacket(wi, type, flags, transactionId, array, offset, length, buffer, encoded, len);
        packets++;
        tracer.record(RingActions.WRITER_COPY, RingActions.F_PKT, packets, RingActions.F_LEN, len,
            RingActions.F_RI, ri);
        return true;
    }

    /** WriterPublish (traced). */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_PUBLISH)
    private void writerPublish(int newWi) {
        publish(newWi);
        tracer.record(RingActions.WRITER_PUBLISH, RingActions.F_WI, newWi);
    }

    /** WriterReadMask (traced), preceded by the writer's full fence. */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_READ_MASK)
    private int writerReadMask() {
        writerFence();
        int mask = layout.interruptMaskAcquire();
        tracer.record(RingActions.WRITER_READ_MASK, RingActions.F_MASK, mask);
        return mask;
    }

    /** WriterDecideSignal (traced). */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_DECIDE_SIGNAL)
    private boolean writerDecideSignal(int oldWi, int mask) {
        int ri = loadReadIndex();
        boolean sig = mask == 0 && ri == oldWi;
        if (sig) {
            raiseSignalBell();
        }
        tracer.record(RingActions.WRITER_DECIDE_SIGNAL, RingActions.F_RI, ri, RingActions.F_SIG, sig);
        return sig;
    }

    private void raiseSignalBell() {
        RingDoorbell bell = signalBell;
        if (bell != null) {
            bell.raise();
        }
    }

    /**
     * The producer's store→load fence between publishing write_index and loading interrupt_mask (vmbus-core.md
     * §6.4 barrier W2). Without it, under x86-TSO the write_index store can sit in the store buffer while the
     * writer reads a stale interrupt_mask = 1 and the reader, having cleared the mask, re-reads a stale
     * write_index: a lost wake-up. Proved needed by {@code spec/src/tla/ring/MCVmbusRingTSO_no_producer_fence_bug.cfg}.
     */
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_FENCE)
    private static void writerFence() {
        // ring/MCVmbusRingTSO_no_producer_fence_bug.cfg: removing this fence loses a wake-up.
        VarHandle.fullFence();
    }

    private boolean fits(int ri, int len) {
        int free = dataSize - RingIndexes.distance(ri, writeIndex, dataSize);
        return free > len;
    }

    /** Loads read_index (acquire) and validates it against the last one seen and the published write_index. */
    private int loadReadIndex() {
        int ri = RingIndexes.check("read index", layout.readIndexAcquire(), dataSize);
        int moved = RingIndexes.distance(cachedReadIndex, ri, dataSize);
        int maxMove = RingIndexes.distance(cachedReadIndex, writeIndex, dataSize);
        if (moved > maxMove) {
            throw new RingCorruptedException(RingError.READ_INDEX_REGRESSED, "read index: " + ri
                + " (expected: from last read index " + cachedReadIndex + " forward up to write index "
                + writeIndex + ")");
        }
        cachedReadIndex = ri;
        return ri;
    }

    private void publish(int newWi) {
        layout.putWriteIndexRelease(newWi);
        writeIndex = newWi;
        state = State.READY;
    }

    /** Copies the packet (descriptor..padding) and its trailer at data offset {@code at}. Publishes nothing. */
    private void copyPacket(int at, int type, int flags, long transactionId, byte[] array, int offset, int length,
                            ByteBuffer buffer, boolean encoded, int len) {
        int packetLength = len - PacketDescriptor.TRAILER_LENGTH;
        if (encoded) {
            layout.copyIn(at, array, offset, length);
        } else {
            int len8 = packetLength / PacketDescriptor.ALIGNMENT;
            long word0 = (type & 0xFFFFL) | (long) PacketDescriptor.MIN_OFFSET8 << 16 | (long) len8 << 32
                | (flags & 0xFFFFL) << 48;
            layout.putLong(at, word0);
            layout.putLong(RingIndexes.advance(at, PacketDescriptor.TRANSACTION_ID_OFFSET, dataSize), transactionId);
            if (packetLength > PacketDescriptor.LENGTH + length) {
                // zero the last word first: the payload then overwrites its leading bytes, the rest is the padding
                layout.putLong(RingIndexes.advance(at, packetLength - PacketDescriptor.ALIGNMENT, dataSize), 0L);
            }
            if (length > 0) {
                int payloadAt = RingIndexes.advance(at, PacketDescriptor.LENGTH, dataSize);
                if (buffer != null) {
                    int position = buffer.position();
                    layout.copyIn(payloadAt, buffer);
                    buffer.position(position);
                } else {
                    layout.copyIn(payloadAt, array, offset, length);
                }
            }
        }
        layout.putLong(RingIndexes.advance(at, packetLength, dataSize), PacketDescriptor.trailer(at));
    }

    // ---------------------------------------------------------------- pending_send_sz

    /**
     * After {@link WriteStatus#FULL}, on a ring with the feat_pending_send_sz bit: stores pending_send_sz :=
     * {@code len} (WriterSetPending), then, after a full fence, loads read_index again (WriterRecheck). If the packet
     * that was FULL now fits, clears pending_send_sz and returns
     * {@code true} (retry {@link #tryWrite}); otherwise returns {@code false}: wait on the doorbell the reader
     * raises, then call {@link #wake}.
     *
     * @param len pending_send_sz to store: at least the ring bytes the waiting packet needs ({@code len} of
     *            WriterFull, see {@link PacketDescriptor#ringLength}), a multiple of 8, {@code <= dataSize - 8}
     * @return whether the packet fits now
     * @throws RingCorruptedException if read_index is corrupt
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_SET_PENDING)
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_RECHECK)
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_PENDING_FENCE)
    public boolean requestSpace(int len) {
        if (state == State.FAILED) {
            throw failed();
        }
        if (state != State.FULL) {
            throw new IllegalStateException("ring writer state: " + state + " (expected: FULL)");
        }
        if (!featurePendingSend) {
            throw new IllegalStateException("ring feature bit feat_pending_send_sz: clear (expected: set; without it "
                + "the reader never signals free space and a full writer must retry tryWrite)");
        }
        if (len < fullLength || len > dataSize - PacketDescriptor.ALIGNMENT
            || len % PacketDescriptor.ALIGNMENT != 0) {
            throw new IllegalArgumentException("pending length: " + len + " (expected: " + fullLength + ".."
                + (dataSize - 8) + ", multiple of 8: at least the bytes of the write that was FULL)");
        }
        try {
            if (tracer.enabled()) {
                synchronized (tracer.lock()) {
                    writerSetPending(len);
                }
                synchronized (tracer.lock()) {
                    return writerRecheck();
                }
            }
            writerSetPending(len);
            return writerRecheck();
        } catch (RingCorruptedException e) {
            throw fail(e);
        }
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_SET_PENDING)
    private void writerSetPending(int len) {
        layout.putPendingSendSizeRelease(len);
        pending = len;
        state = State.PENDING;
        if (tracer.enabled()) {
            tracer.record(RingActions.WRITER_SET_PENDING, RingActions.F_PEND, len);
        }
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_RECHECK)
    private boolean writerRecheck() {
        writerPendingFence();
        int ri = loadReadIndex();
        // the spec's WriterRecheck: does the waiting packet fit now? (pending_send_sz may ask for more, e.g.
        // OpenVMM's hysteresis, but the writer proceeds as soon as its own packet fits)
        boolean fits = fits(ri, fullLength);
        if (fits) {
            layout.putPendingSendSizeRelease(0);
            pending = 0;
            state = State.READY;
        } else {
            state = State.SLEEPING;
        }
        if (tracer.enabled()) {
            tracer.record(RingActions.WRITER_RECHECK, RingActions.F_RI, ri, RingActions.F_PEND, pending);
        }
        return fits;
    }

    /**
     * A sleeping writer's wake-up (WriterWake): consumes {@code doorbell} and stores pending_send_sz := 0. Returns
     * {@code false} (and does nothing) if the doorbell is not raised.
     *
     * @param doorbell the doorbell the reader raises (from {@link BatchResult#signalWriter()})
     * @return whether the writer woke and may retry {@link #tryWrite}
     */
    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_WAKE)
    public boolean wake(RingDoorbell doorbell) {
        Objects.requireNonNull(doorbell, "doorbell");
        if (state == State.FAILED) {
            throw failed();
        }
        if (state != State.SLEEPING) {
            throw new IllegalStateException("ring writer state: " + state + " (expected: SLEEPING)");
        }
        if (tracer.enabled()) {
            synchronized (tracer.lock()) {
                return writerWake(doorbell);
            }
        }
        return writerWake(doorbell);
    }

    /**
     * The producer's store→load fence between storing pending_send_sz and re-loading read_index, the mirror image
     * of the reader's ReaderPendingFence (OpenVMM uses a SeqCst store/load pair here, vmbus-core.md §6.1): without
     * it the pending_send_sz store can sit in the store buffer while this writer re-loads a stale read_index and
     * sleeps, and the reader loads pending_send_sz = 0 and does not signal.
     */
    @SpecAction(spec = RingActions.TSO_SPEC, value = RingActions.WRITER_PENDING_FENCE)
    private static void writerPendingFence() {
        // ring/MCVmbusRingTSO_no_producer_pending_fence_bug.cfg: removing this fence leaves the writer asleep.
        VarHandle.fullFence();
    }

    @SpecAction(spec = RingActions.SPEC, value = RingActions.WRITER_WAKE)
    private boolean writerWake(RingDoorbell doorbell) {
        if (!doorbell.tryConsume()) {
            return false;
        }
        layout.putPendingSendSizeRelease(0);
        pending = 0;
        state = State.READY;
        if (tracer.enabled()) {
            tracer.record(RingActions.WRITER_WAKE, RingActions.F_PEND, 0);
        }
        return true;
    }

    @Override
    public String toString() {
        return "RingWriter[" + state + ", writeIndex=" + writeIndex + ", packets=" + packets + "]";
    }
}
