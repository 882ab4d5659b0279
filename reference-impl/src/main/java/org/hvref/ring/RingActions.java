package org.hvref.ring;

/**
 * The fixed names of CONTRACT.md: TLA+ action = {@link org.hvref.trace.SpecAction} value = trace event name, and
 * the trace field names.
 */
public final class RingActions {
    /** TLA+ module of the sequentially consistent ring spec. */
    public static final String SPEC = "VmbusRing";
    /** TLA+ module of the ring over x86-TSO store buffers (fence actions). */
    public static final String TSO_SPEC = "VmbusRingTSO";

    /** Writer: load read_index, space check passes, copy the packet (not yet published). */
    public static final String WRITER_COPY = "WriterCopy";
    /** Writer: load read_index, space check fails, FULL. */
    public static final String WRITER_FULL = "WriterFull";
    /** Writer: store pending_send_sz after FULL. */
    public static final String WRITER_SET_PENDING = "WriterSetPending";
    /** Writer: re-check space after setting pending_send_sz. */
    public static final String WRITER_RECHECK = "WriterRecheck";
    /** Writer: consume the reader's signal, clear pending_send_sz. */
    public static final String WRITER_WAKE = "WriterWake";
    /** Writer: store-release write_index. */
    public static final String WRITER_PUBLISH = "WriterPublish";
    /** Writer: load interrupt_mask (after the full fence). */
    public static final String WRITER_READ_MASK = "WriterReadMask";
    /** Writer: load read_index and decide the empty→non-empty signal. */
    public static final String WRITER_DECIDE_SIGNAL = "WriterDecideSignal";
    /** Reader: consume the writer's signal, store interrupt_mask := 1. */
    public static final String READER_WAKE = "ReaderWake";
    /** Reader: load write_index, copy one packet out, advance the private read index. */
    public static final String READER_READ = "ReaderRead";
    /** Reader: store-release read_index. */
    public static final String READER_COMMIT = "ReaderCommit";
    /** Reader: load pending_send_sz (after the full fence). */
    public static final String READER_READ_PENDING = "ReaderReadPending";
    /** Reader: load write_index and decide the "not enough → enough space" signal. */
    public static final String READER_DECIDE_PENDING_SIGNAL = "ReaderDecidePendingSignal";
    /** Reader: store interrupt_mask := 0. */
    public static final String READER_UNMASK = "ReaderUnmask";
    /** Reader: after the full fence, load write_index; re-mask if data arrived. */
    public static final String READER_RECHECK = "ReaderRecheck";
    /** x86-TSO: the writer's full fence between publishing write_index and loading interrupt_mask. */
    public static final String WRITER_FENCE = "WriterFence";
    /** x86-TSO: the reader's full fence between clearing interrupt_mask and re-loading write_index. */
    public static final String READER_FENCE = "ReaderFence";
    /** x86-TSO: the writer's full fence between storing pending_send_sz and re-loading read_index. */
    public static final String WRITER_PENDING_FENCE = "WriterPendingFence";
    /** x86-TSO: the reader's full fence between committing read_index and loading pending_send_sz. */
    public static final String READER_PENDING_FENCE = "ReaderPendingFence";

    /** Trace field: 1-based packet sequence number. */
    public static final String F_PKT = "pkt";
    /** Trace field: ring bytes of a packet (len8*8 + 8). */
    public static final String F_LEN = "len";
    /** Trace field: a loaded or stored read_index. */
    public static final String F_RI = "ri";
    /** Trace field: a loaded or stored write_index. */
    public static final String F_WI = "wi";
    /** Trace field: a loaded or stored interrupt_mask. */
    public static final String F_MASK = "mask";
    /** Trace field: a loaded or stored pending_send_sz. */
    public static final String F_PEND = "pend";
    /** Trace field: the signalling decision (boolean). */
    public static final String F_SIG = "sig";

    private RingActions() {
    }
}
