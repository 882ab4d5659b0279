package org.hvref.ring.properties;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.BatchResult;
import org.hvref.ring.MalformedPacketException;
import org.hvref.ring.PacketHandler;
import org.hvref.ring.PacketView;
import org.hvref.ring.RingControlDescriptor;
import org.hvref.ring.RingCorruptedException;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingError;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;

/**
 * Runs a {@link RingScenario} against a {@link RingReader} and checks, after every call, the hostile-ring contract
 * (issue 2 §3, STYLE.md B9/B14), shared by {@link RingReaderHostileProperties} and {@link RingReaderFuzzTest}:
 *
 * <ul>
 *   <li>the reader returns packets, a clean empty result, or throws {@link RingCorruptedException}; anything else
 *       (an index exception, a guest-memory exception, an error) is a failure;</li>
 *   <li>every packet handed out starts where the previous one ended (from read_index), has sane framing (offset8
 *       &ge; 2, len8 &ge; offset8, fits the ring, trailer = start offset), lies inside data the writer published at
 *       some point, and its bytes and trailer are exactly the ring's bytes at that offset (so none come from the
 *       canary pages around the ring or from the unused tail of a data page);</li>
 *   <li>an empty result means the ring really is empty, and a short batch (fewer packets than asked, no edit during
 *       it) means the reader drained everything published;</li>
 *   <li>the reader writes nothing in guest memory but read_index (= where its last packet ended, once per batch)
 *       and interrupt_mask (1 on beginRead, 0 or 1 on endRead); every canary byte stays as it was;</li>
 *   <li>the writer-signal decision follows CONTRACT.md: {@code pend != 0 && free_before <= pend < free_after} with
 *       pend = pending_send_sz &amp; ~7, only with the feature bit seen at attach;</li>
 *   <li>a ring that only ever held valid packets (chain, appends, mask/pending edits) is never reported corrupt;</li>
 *   <li>once it has thrown, the reader stays failed: every later call throws the same reason, calls no handler and
 *       writes nothing, whatever the peer does to the ring afterwards.</li>
 * </ul>
 */
final class RingOracle {
    /** Guest memory pages: the ring's pages and canary pages around and between them. */
    static final int PAGES = 8;
    /** Contiguous layout: control page 2, data pages 3, 4, 5 (canaries 0, 1, 6, 7). */
    static final long CONTIGUOUS_BASE_GPN = 2;
    /** Paged layout: control page 5, data pages 6, 1, 3 in that order (canaries 0, 2, 4, 7). */
    static final long[] PAGED_GPNS = {5, 6, 1, 3};

    /** What a run reached, summed over runs, so a property can show (and assert) that it was not vacuous. */
    static final class Stats {
        final Map<RingError, Integer> reasons = new EnumMap<>(RingError.class);
        int scenarios;
        int attachFailures;
        int pristine;
        int packets;
        int emptyBatches;
        int shortBatches;
        int decodedPackets;
        int malformedPackets;
        int midBatchEdits;
        int signals;
        int noSignals;
        int endReadAgain;
        int staysFailedChecks;
        int failedScenarios;

        @Override
        public String toString() {
            return scenarios + " scenarios (" + pristine + " pristine, " + failedScenarios + " failed, "
                + attachFailures + " at attach), " + packets + " packets (" + decodedPackets + " decoded, "
                + malformedPackets + " malformed), " + emptyBatches + " empty and " + shortBatches
                + " short batches, " + midBatchEdits + " mid-batch edits, writer signal " + signals + "/"
                + (signals + noSignals) + ", endRead again " + endReadAgain + ", stays-failed checks "
                + staysFailedChecks + ", reasons " + reasons;
        }
    }

    /** Final state of one run. */
    record Result(boolean attached, RingError failure, int packets, int staysFailedChecks) {
    }

    private final RingScenario s;
    private final Stats stats;
    private final int dataSize;
    private final GuestMemory memory;
    private final RingLayout layout;
    private final long controlGpa;
    private byte[] shadow;

    // model of the reader
    private RingReader reader;
    private RingReader.State state;
    private RingError failedReason;
    private int pos;
    private int committed;
    /** read_index as guest memory holds it: the reader's last commit, or what the peer wrote there since. */
    private int riField;
    private int mask;
    private boolean feature;
    private boolean pristine;
    private final Set<Integer> published = new HashSet<>();
    private int packets;
    private int staysFailed;

    private RingOracle(RingScenario s, Stats stats) {
        this.s = s;
        this.stats = stats;
        this.dataSize = s.dataSize();
        this.memory = GuestMemory.heap(PAGES);
        memory.write(0, CANARIES, 0, CANARIES.length);
        this.layout = s.paged() ? RingLayout.ofPages(memory, PAGED_GPNS, dataSize)
            : RingLayout.contiguous(memory, CONTIGUOUS_BASE_GPN * GuestMemory.PAGE_SIZE, dataSize);
        this.controlGpa = layout.controlGpa();
    }

    private static final byte[] CANARIES = new byte[PAGES * GuestMemory.PAGE_SIZE];

    static {
        for (int gpa = 0; gpa < CANARIES.length; gpa++) {
            CANARIES[gpa] = canary(gpa);
        }
    }

    /** A byte no ring content is made of on purpose: a hash of the address. */
    static byte canary(long gpa) {
        return (byte) (((gpa + 0x5A) * 0x9E3779B97F4A7C15L) >>> 56);
    }

    static Result run(RingScenario s, Stats stats) {
        try {
            return new RingOracle(s, stats).run();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  in " + s, e);
        }
    }

    private Result run() {
        stats.scenarios++;
        layout.putWriteIndexRelease(s.writeIndex());
        layout.putReadIndexRelease(s.readIndex());
        layout.putInterruptMaskRelease(s.interruptMask());
        layout.putPendingSendSizeRelease(s.pendingSendSize());
        layout.putFeatureBitsRelease(s.featureBits());
        layout.copyIn(0, s.data(), 0, dataSize);
        mask = s.interruptMask();
        if (s.chain() > 0 && valid(s.readIndex())) {
            pristine = true;
            layout.putWriteIndexRelease(s.readIndex());
            for (int i = 1; i < s.chain(); i++) {
                int wi = layout.writeIndexAcquire();
                int type = i % 4 == 3 ? s.data()[wi + 1] & 0xFF : i % 3 == 0 ? 0xB : 0x6;   // some unsupported
                append(2 + (s.data()[wi] & 0x1F), type, i);
            }
        }
        shadow = snapshot();
        if (pristine) {
            stats.pristine++;
        }
        SpecTracer tracer = s.traced() ? new RecordingTracer() : SpecTracer.OFF;
        pos = committed = riField = layout.readIndexAcquire();
        RingError riError = indexError(layout.readIndexAcquire());
        RingError wiError = indexError(layout.writeIndexAcquire());
        RingError attachError = riError != null ? riError : wiError;     // either reason if both are bad
        try {
            reader = new RingReader(layout, tracer);
            check(attachError == null, "attached to a ring with read_index " + layout.readIndexAcquire()
                + " and write_index " + layout.writeIndexAcquire() + " (expected: " + attachError + ")");
        } catch (RingCorruptedException e) {
            check(!pristine, "a valid ring was reported corrupt at attach: " + e);
            check(e.reason() == riError || e.reason() == wiError, "attach failed with " + e.reason() + " (expected: "
                + attachError
                + " for read_index " + layout.readIndexAcquire() + ", write_index " + layout.writeIndexAcquire()
                + ")");
            stats.attachFailures++;
            stats.failedScenarios++;
            stats.reasons.merge(e.reason(), 1, Integer::sum);
            checkMemory();
            return new Result(false, e.reason(), 0, 0);
        } catch (RuntimeException e) {
            throw new AssertionError("attach threw " + e + " (expected: RingCorruptedException or nothing)", e);
        }
        state = RingReader.State.IDLE;
        published.add(layout.writeIndexAcquire());
        feature = (layout.featureBitsAcquire() & RingControlDescriptor.FEAT_PENDING_SEND_SIZE) != 0;
        checkState();
        for (int i = 0; i < s.ops().size(); i++) {
            RingScenario.Op op = s.ops().get(i);
            RingScenario.Op midBatch = null;
            if (op.code() == RingScenario.Op.READ && op.b() < 16 && i + 1 < s.ops().size()
                && s.ops().get(i + 1).isEdit()) {
                midBatch = s.ops().get(++i);
            }
            step(op, midBatch);
        }
        if (state == RingReader.State.FAILED) {
            stats.failedScenarios++;
        }
        return new Result(true, failedReason, packets, staysFailed);
    }

    // ---------------------------------------------------------------- reader calls

    private void step(RingScenario.Op op, RingScenario.Op midBatch) {
        switch (op.code()) {
            case RingScenario.Op.READ:
                read(1 + op.a() % 16, op.b(), midBatch);
                break;
            case RingScenario.Op.BEGIN:
                begin((op.a() & 1) == 0);
                break;
            case RingScenario.Op.END:
                end();
                break;
            default:
                edit(op);
                shadow = snapshot();
        }
    }

    private void read(int max, int editAfter, RingScenario.Op edit) {
        if (state == RingReader.State.FAILED) {
            staysFailed(() -> reader.readBatch(max, p -> {
                throw new AssertionError("handler called by a failed reader: " + p);
            }));
            if (edit != null) {
                edit(edit);
                shadow = snapshot();
            }
            return;
        }
        final int startCommitted = committed;
        final int[] delivered = {0};
        final boolean[] edited = {false};
        PacketHandler handler = view -> {
            checkPacket(view, startCommitted);
            int from = pos;
            int len = view.length() + 8;
            published.removeIf(w -> (w - from + dataSize) % dataSize < len);   // indexes the reader has passed
            pos = (pos + len) % dataSize;
            delivered[0]++;
            packets++;
            stats.packets++;
            if (edit != null && delivered[0] - 1 == editAfter) {
                edit(edit);
                shadow = snapshot();
                edited[0] = true;
                stats.midBatchEdits++;
            }
        };
        try {
            BatchResult r = reader.readBatch(max, handler);
            check(r.packets() == delivered[0], "batch count " + r.packets() + " but handler called "
                + delivered[0] + " times");
            int wi = layout.writeIndexAcquire();
            if (delivered[0] == 0) {
                check(!r.signalWriter(), "empty batch asks to signal the writer");
                check(wi == pos, "empty batch but write_index " + wi + " != read position " + pos
                    + " (packets left unread)");
                stats.emptyBatches++;
            } else {
                int consumed = (pos - committed + dataSize) % dataSize;
                committed = riField = pos;
                boolean expected = false;
                if (feature) {
                    long pend = Integer.toUnsignedLong(layout.pendingSendSizeAcquire()
                        & ~RingControlDescriptor.PENDING_SEND_SIZE_IGNORED_BITS);
                    long freeAfter = dataSize - (long) ((wi - pos + dataSize) % dataSize);
                    long freeBefore = freeAfter - consumed;
                    expected = pend != 0 && freeBefore <= pend && pend < freeAfter;
                }
                check(r.signalWriter() == expected, "writer signal " + r.signalWriter() + " (expected: " + expected
                    + " by CONTRACT.md free_before <= pend < free_after)");
                if (expected) {
                    stats.signals++;
                } else {
                    stats.noSignals++;
                }
                if (delivered[0] < max && !edited[0]) {
                    check(wi == pos, "short batch (" + delivered[0] + " < " + max + ") but write_index " + wi
                        + " != read position " + pos + " (packets left unread)");
                    stats.shortBatches++;
                }
            }
        } catch (RingCorruptedException e) {
            failed(e);
            int ri = layout.readIndexAcquire();
            check(ri == riField || ri == pos, "read_index " + ri + " after a failed batch (expected: "
                + riField + " untouched, or " + pos + " committed before the failure)");
            if (ri == pos) {
                committed = riField = pos;
            }
        } catch (RuntimeException e) {
            throw new AssertionError("readBatch threw " + e + " (expected: RingCorruptedException or a result)", e);
        }
        checkMemory();
        if (edit != null && !edited[0]) {
            edit(edit);       // the batch ended before the packet the edit waited for; apply it now
            shadow = snapshot();
        }
    }

    private void checkPacket(PacketView view, int startCommitted) {
        check(state != RingReader.State.FAILED, "packet handed out by a failed reader");
        int ro = view.ringOffset();
        check(ro == pos, "packet at " + ro + " (expected: " + pos + ", where the previous one ended)");
        check(valid(ro), "packet at " + ro + " (expected: < " + dataSize + ", multiple of 8)");
        int offset8 = view.offset8();
        int len8 = view.len8();
        int len = len8 * 8 + 8;
        check(offset8 >= 2 && len8 >= offset8 && len <= dataSize - 8, "framing offset8=" + offset8 + " len8=" + len8
            + " handed out (expected: 2 <= offset8 <= len8, len8*8+8 <= " + (dataSize - 8) + ")");
        check(view.trailer() >>> 32 == ro, "trailer 0x" + Long.toHexString(view.trailer()) + " at " + ro);
        int from = (ro - startCommitted + dataSize) % dataSize;
        boolean inside = false;
        for (int w : published) {
            inside |= from + len <= (w - startCommitted + dataSize) % dataSize;
        }
        check(inside, "packet [" + ro + ", +" + len + ") beyond every write_index ever published " + published
            + " (committed read_index " + startCommitted + ")");
        byte[] raw = view.toRawPacket().bytes();
        byte[] ring = ringBytes(ro, len);
        check(Arrays.equals(raw, Arrays.copyOf(ring, len - 8)), "packet bytes at " + ro
            + " differ from the ring's bytes there: " + CodecOracle.hex(raw) + " vs " + CodecOracle.hex(ring));
        long trailer = 0;
        for (int i = 7; i >= 0; i--) {
            trailer = trailer << 8 | (ring[len - 8 + i] & 0xFF);
        }
        check(view.trailer() == trailer, "trailer differs from the ring's bytes");
        try {
            view.decode();
            stats.decodedPackets++;
        } catch (MalformedPacketException e) {
            stats.malformedPackets++;
        }
    }

    /** {@code len} data-region bytes from {@code offset}, wrapping, as the shadow copy holds them. */
    private byte[] ringBytes(int offset, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = shadow[(int) layout.dataGpa((offset + i) % dataSize)];
        }
        return b;
    }

    private void begin(boolean raise) {
        RingDoorbell bell = new RingDoorbell();
        if (state == RingReader.State.FAILED) {
            bell.raise();
            staysFailed(() -> reader.beginRead(bell));
            return;
        }
        if (state == RingReader.State.READING) {
            return;     // calling it now would be a caller bug (IllegalStateException), not peer input
        }
        if (raise) {
            bell.raise();
        }
        try {
            boolean woke = reader.beginRead(bell);
            check(woke == raise, "beginRead returned " + woke + " with the doorbell " + (raise ? "raised" : "clear"));
            check(!bell.isRaised(), "beginRead left the doorbell raised");
            if (woke) {
                mask = 1;
                state = RingReader.State.READING;
            }
        } catch (RuntimeException e) {
            throw new AssertionError("beginRead threw " + e, e);
        }
        checkState();
        checkMemory();
    }

    private void end() {
        if (state == RingReader.State.FAILED) {
            staysFailed(() -> reader.endRead());
            return;
        }
        if (state == RingReader.State.IDLE) {
            return;     // caller bug, not peer input
        }
        int loaded = layout.writeIndexAcquire();
        try {
            boolean again = reader.endRead();
            check(indexError(loaded) == null, "endRead accepted write_index " + loaded + " (expected: "
                + indexError(loaded) + ")");
            int wi = layout.writeIndexAcquire();
            check(again == (wi != pos), "endRead returned " + again + " with write_index " + wi + " and read position "
                + pos);
            mask = again ? 1 : 0;
            state = again ? RingReader.State.READING : RingReader.State.IDLE;
            if (again) {
                stats.endReadAgain++;
            }
        } catch (RingCorruptedException e) {
            mask = 0;   // ReaderUnmask happened before the write_index load failed
            check(indexError(loaded) == null || e.reason() == indexError(loaded), "endRead failed with " + e.reason()
                + " on write_index " + loaded + " (expected: " + indexError(loaded) + ")");
            failed(e);
        } catch (RuntimeException e) {
            throw new AssertionError("endRead threw " + e + " (expected: RingCorruptedException or a result)", e);
        }
        checkState();
        checkMemory();
    }

    private void failed(RingCorruptedException e) {
        check(!pristine, "a ring holding only valid packets was reported corrupt: " + e);
        check(e.getMessage() != null && e.getMessage().contains("expected"), "message grammar: " + e.getMessage());
        check(reader.state() == RingReader.State.FAILED, "reader state " + reader.state() + " after " + e);
        check(reader.failure() != null && reader.failure().reason() == e.reason(), "failure() "
            + reader.failure() + " after " + e);
        state = RingReader.State.FAILED;
        failedReason = e.reason();
        stats.reasons.merge(e.reason(), 1, Integer::sum);
    }

    private void staysFailed(Runnable call) {
        try {
            call.run();
            throw new AssertionError("a failed reader returned normally (expected: RingCorruptedException "
                + failedReason + ")");
        } catch (RingCorruptedException e) {
            check(e.reason() == failedReason, "failed reader threw " + e.reason() + " (expected: the first failure "
                + failedReason + ")");
        } catch (RuntimeException e) {
            throw new AssertionError("failed reader threw " + e + " (expected: RingCorruptedException)", e);
        }
        check(reader.state() == RingReader.State.FAILED, "reader left FAILED: " + reader.state());
        checkMemory();
        staysFailed++;
        stats.staysFailedChecks++;
    }

    private void checkState() {
        check(reader.state() == state, "reader state " + reader.state() + " (expected: " + state + ")");
    }

    // ---------------------------------------------------------------- memory

    private byte[] snapshot() {
        byte[] b = new byte[(int) memory.size()];
        memory.read(0, b, 0, b.length);
        return b;
    }

    /** Guest memory equals the shadow except read_index and interrupt_mask, which must hold the model's values. */
    private void checkMemory() {
        byte[] now = snapshot();
        int ri = (int) controlGpa + RingControlDescriptor.READ_INDEX_OFFSET;
        int im = (int) controlGpa + RingControlDescriptor.INTERRUPT_MASK_OFFSET;
        System.arraycopy(now, ri, shadow, ri, RingControlDescriptor.FIELD_LENGTH);     // checked below
        System.arraycopy(now, im, shadow, im, RingControlDescriptor.FIELD_LENGTH);
        int i = Arrays.mismatch(now, shadow);
        if (i >= 0) {
            throw new AssertionError("reader changed guest memory at gpa 0x" + Integer.toHexString(i) + " ("
                + where(i) + "): 0x" + Integer.toHexString(shadow[i] & 0xFF) + " -> 0x"
                + Integer.toHexString(now[i] & 0xFF));
        }
        check(layout.readIndexAcquire() == riField, "read_index " + layout.readIndexAcquire() + " (expected: "
            + riField + ")");
        check(layout.interruptMaskAcquire() == mask, "interrupt_mask " + layout.interruptMaskAcquire()
            + " (expected: " + mask + ")");
        shadow = now;
    }

    private String where(int gpa) {
        long page = gpa / GuestMemory.PAGE_SIZE;
        if (page * GuestMemory.PAGE_SIZE == controlGpa) {
            return "control page";
        }
        for (int i = 0; i < layout.dataPageCount(); i++) {
            if (layout.dataPageGpa(i) == page * GuestMemory.PAGE_SIZE) {
                return "data page " + i;
            }
        }
        return "canary page " + page;
    }

    // ---------------------------------------------------------------- peer edits

    private boolean valid(int index) {
        return indexError(index) == null;
    }

    /** What a loaded index must be rejected with (vmbus-core.md §6.1: in [0, DataSize), multiple of 8), or null. */
    private RingError indexError(int index) {
        if (index < 0 || index >= dataSize) {
            return RingError.INDEX_OUT_OF_RANGE;
        }
        return index % 8 != 0 ? RingError.INDEX_MISALIGNED : null;
    }

    private void edit(RingScenario.Op op) {
        int v = op.value();
        switch (op.code()) {
            case RingScenario.Op.SET_WI:
                setWriteIndex(v);
                break;
            case RingScenario.Op.MOVE_WI:
                setWriteIndex(layout.writeIndexAcquire() + v);
                break;
            case RingScenario.Op.SET_RI:
                riField = v;
                layout.putReadIndexRelease(v);
                pristine = false;
                break;
            case RingScenario.Op.MOVE_RI:
                riField = layout.readIndexAcquire() + v;
                layout.putReadIndexRelease(riField);
                pristine = false;
                break;
            case RingScenario.Op.SET_MASK:
                layout.putInterruptMaskRelease(v);
                mask = v;
                break;
            case RingScenario.Op.SET_PENDING:
                layout.putPendingSendSizeRelease(v);
                break;
            case RingScenario.Op.SET_FEATURE:
                layout.putFeatureBitsRelease(v);
                break;
            case RingScenario.Op.POKE:
                for (int i = 0; i < 1 + op.a() % 4; i++) {
                    memory.putByte(layout.dataGpa((op.b() + i) % dataSize), (byte) (v >>> (8 * i)));
                }
                pristine = false;
                break;
            case RingScenario.Op.CORRUPT_NEXT:
                corruptNext(op.a() % 4, v);
                pristine = false;
                break;
            case RingScenario.Op.APPEND:
                append(2 + Math.floorMod(v, 64), (op.a() & 1) == 0 ? 0x6 : 0xB, v);
                break;
            default:
                throw new AssertionError("not an edit: " + op);
        }
    }

    private void setWriteIndex(int wi) {
        layout.putWriteIndexRelease(wi);
        if (valid(wi)) {
            published.add(wi);
        }
        pristine = false;
    }

    private void putU16(int dataOffset, int value) {
        memory.putByte(layout.dataGpa(dataOffset % dataSize), (byte) value);
        memory.putByte(layout.dataGpa((dataOffset + 1) % dataSize), (byte) (value >>> 8));
    }

    private void putU32(int dataOffset, int value) {
        putU16(dataOffset, value);
        putU16(dataOffset + 2, value >>> 16);
    }

    private int getU16(int dataOffset) {
        return (memory.getByte(layout.dataGpa(dataOffset % dataSize)) & 0xFF)
            | (memory.getByte(layout.dataGpa((dataOffset + 1) % dataSize)) & 0xFF) << 8;
    }

    /** Edits the descriptor or trailer of the packet the reader reads next (at the model's read position). */
    private void corruptNext(int field, int value) {
        switch (field) {
            case 0:
                putU16(pos + 2, value);
                break;
            case 1:
                putU16(pos + 4, value);
                break;
            case 2:
                putU32(pos + 8 * getU16(pos + 4) + 4, value);
                break;
            default:
                putU32(pos, value);
                putU16(pos + 6, value >>> 16);
        }
    }

    /**
     * The peer appends a valid packet (descriptor, the payload bytes already there, trailer) at write_index and
     * publishes it, if write_index and read_index are valid and it fits with one 8-byte slot free.
     */
    private void append(int len8, int type, long transactionId) {
        int wi = layout.writeIndexAcquire();
        int ri = layout.readIndexAcquire();
        int len = len8 * 8 + 8;
        if (!valid(wi) || !valid(ri) || dataSize - (wi - ri + dataSize) % dataSize <= len) {
            return;
        }
        putU16(wi, type);
        putU16(wi + 2, 2);
        putU16(wi + 4, len8);
        putU16(wi + 6, 0);
        putU32(wi + 8, (int) transactionId);
        putU32(wi + 12, (int) (transactionId >>> 32));
        putU32(wi + len8 * 8, 0);
        putU32(wi + len8 * 8 + 4, wi);
        int next = (wi + len) % dataSize;
        layout.putWriteIndexRelease(next);
        published.add(next);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
