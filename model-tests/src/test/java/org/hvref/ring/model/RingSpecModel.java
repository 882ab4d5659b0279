package org.hvref.ring.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.hvref.ring.RingActions;

/**
 * A deliberately naive Java transcription of {@code spec/src/tla/ring/VmbusRing.tla} (STYLE.md B21): the same 22
 * variables, the same actions with the same enabling conditions and effects, the same hazard switches. It is the
 * oracle the Java ring is compared with step by step ({@link RingModelBasedTest}), the generator of random
 * behaviours, and — through {@link #replay} — a Java transcription of {@code TraceVmbusRing.tla}'s {@code Replay}
 * used to predict where TLC must reject a mutated trace.
 *
 * <p>Every method below names the operator it transcribes. Arithmetic follows TLA+: {@code %} is
 * {@link Math#floorMod}. Nothing here is clever on purpose: when this class and TLC disagree on a state of
 * {@code MCVmbusRing}'s state graph, {@link RingModelBasedTest} fails.
 */
public final class RingSpecModel {

    /** The hazard switches {@code Bug*} of VmbusRing (hazards.md §4); all off in the good configuration. */
    public enum Hazard {
        /** {@code BugNoRecheck}: #1, the reader unmasks and goes idle without re-checking write_index. */
        NO_RECHECK,
        /** {@code BugStaleView}: the writer decides to signal on read_index loaded at copy time. */
        STALE_VIEW,
        /** {@code BugPendingNoCrossing}: #2, the reader signals whenever free &gt; pending_send_sz. */
        PENDING_NO_CROSSING,
        /** {@code BugPendingOrder}: #2, the reader loads pending_send_sz before committing read_index. */
        PENDING_ORDER,
        /** {@code BugSignalAlways}: #3b, the writer signals after every write. */
        SIGNAL_ALWAYS,
        /** {@code BugSignalNever}: #3a, the writer never signals. */
        SIGNAL_NEVER,
        /** {@code BugDrainOne}: #4, one packet per interrupt, then idle. */
        DRAIN_ONE,
        /** {@code BugCopyBuf}: #16, the copy buffer excludes the descriptor. */
        COPY_BUF
    }

    /**
     * The constants of VmbusRing.
     *
     * @param dataSize   {@code DataSize}
     * @param sizes      {@code Sizes}: packet lengths the writer chooses from in {@link #enabledActions()}
     * @param maxPackets {@code MaxPackets}
     * @param feat       {@code FeatPendingSend}
     * @param hazards    the {@code Bug*} switches that are TRUE
     */
    public record Config(int dataSize, Set<Integer> sizes, int maxPackets, boolean feat, Set<Hazard> hazards) {
        /** Validates like MCVmbusRing's ASSUMEs. */
        public Config {
            if (dataSize < 32 || dataSize % 8 != 0) {
                throw new IllegalArgumentException("data size: " + dataSize + " (expected: >= 32, multiple of 8)");
            }
            sizes = Collections.unmodifiableSet(new TreeSet<>(sizes));
            for (int s : sizes) {
                if (!isPacketLen(s, dataSize)) {
                    throw new IllegalArgumentException("packet size: " + s + " (expected: in PacketLens)");
                }
            }
            hazards = hazards.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(hazards));
            if (hazards.contains(Hazard.SIGNAL_ALWAYS) && hazards.contains(Hazard.SIGNAL_NEVER)) {
                throw new IllegalArgumentException("hazards: " + hazards + " (expected: not both signal switches)");
            }
        }

        /** The good configuration (every hazard switch off). */
        public static Config good(int dataSize, Set<Integer> sizes, int maxPackets, boolean feat) {
            return new Config(dataSize, sizes, maxPackets, feat, Set.of());
        }

        /** MCVmbusRing.cfg's constants with the given hazard switches on. */
        public static Config mc(Hazard... on) {
            return new Config(64, Set.of(24, 32), 3, true, on.length == 0 ? Set.of() : EnumSet.of(on[0], on));
        }

        /** This configuration with {@code h} switched on as well. */
        public Config with(Hazard h) {
            EnumSet<Hazard> s = hazards.isEmpty() ? EnumSet.noneOf(Hazard.class) : EnumSet.copyOf(hazards);
            s.add(h);
            return new Config(dataSize, sizes, maxPackets, feat, s);
        }
    }

    /**
     * One packet of {@code ring}: {@code [pkt, len, at]}.
     *
     * @param pkt 1-based sequence number
     * @param len ring bytes (descriptor + data + pad + trailer)
     * @param at  data offset of its descriptor
     */
    public record Packet(int pkt, int len, int at) {
    }

    /**
     * One step: an action name of ring/CONTRACT.md and its parameter ({@code len} of WriterCopy/WriterFull,
     * {@code p} of WriterSetPending, else 0).
     *
     * @param name  the action
     * @param param its parameter
     */
    public record Action(String name, int param) {
        /** Validates the name. */
        public Action {
            Objects.requireNonNull(name, "name");
            if (!ALL_ACTIONS.contains(name)) {
                throw new IllegalArgumentException("action: " + name + " (expected: one of " + ALL_ACTIONS + ")");
            }
        }

        /** An action without parameter. */
        public static Action of(String name) {
            return new Action(name, 0);
        }

        /** @return whether the writer performs it */
        public boolean writer() {
            return name.startsWith("Writer");
        }

        @Override
        public String toString() {
            return PARAMETERIZED.contains(name) ? name + "(" + param + ")" : name;
        }
    }

    /** Every action of VmbusRing's {@code Next}, writer first, in CONTRACT.md order. */
    public static final List<String> ALL_ACTIONS = List.of(
        RingActions.WRITER_COPY, RingActions.WRITER_FULL, RingActions.WRITER_SET_PENDING,
        RingActions.WRITER_RECHECK, RingActions.WRITER_WAKE, RingActions.WRITER_PUBLISH,
        RingActions.WRITER_READ_MASK, RingActions.WRITER_DECIDE_SIGNAL,
        RingActions.READER_WAKE, RingActions.READER_READ, RingActions.READER_COMMIT,
        RingActions.READER_READ_PENDING, RingActions.READER_DECIDE_PENDING_SIGNAL, RingActions.READER_UNMASK,
        RingActions.READER_RECHECK);

    private static final Set<String> PARAMETERIZED =
        Set.of(RingActions.WRITER_COPY, RingActions.WRITER_FULL, RingActions.WRITER_SET_PENDING);

    private final Config config;

    // control page and doorbells
    int wi;
    int ri;
    int mask;
    int pend;
    boolean sigR;
    boolean sigW;
    // writer private state
    String wpc;
    int wlen;
    int wri;
    int wmask;
    boolean wempty;
    boolean wsig;
    // reader private state
    String rpc;
    int rr;
    int rhead;
    int roldri;
    int rpend;
    int rwi;
    boolean rsig;
    // ghost
    List<Packet> ring;
    int nsent;
    List<Integer> recv;

    /** {@code Init}. */
    public RingSpecModel(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        wi = 0;
        ri = 0;
        mask = 0;
        pend = 0;
        sigR = false;
        sigW = false;
        wpc = "idle";
        wlen = 0;
        wri = 0;
        wmask = 0;
        wempty = false;
        wsig = false;
        rpc = "idle";
        rr = 0;
        rhead = 0;
        roldri = 0;
        rpend = 0;
        rwi = 0;
        rsig = false;
        ring = new ArrayList<>();
        nsent = 0;
        recv = new ArrayList<>();
    }

    /** A copy of this state (the copy is independent). */
    public RingSpecModel copy() {
        RingSpecModel m = new RingSpecModel(config);
        m.wi = wi;
        m.ri = ri;
        m.mask = mask;
        m.pend = pend;
        m.sigR = sigR;
        m.sigW = sigW;
        m.wpc = wpc;
        m.wlen = wlen;
        m.wri = wri;
        m.wmask = wmask;
        m.wempty = wempty;
        m.wsig = wsig;
        m.rpc = rpc;
        m.rr = rr;
        m.rhead = rhead;
        m.roldri = roldri;
        m.rpend = rpend;
        m.rwi = rwi;
        m.rsig = rsig;
        m.ring = new ArrayList<>(ring);
        m.nsent = nsent;
        m.recv = new ArrayList<>(recv);
        return m;
    }

    /** @return the constants */
    public Config config() {
        return config;
    }

    private boolean bug(Hazard h) {
        return config.hazards().contains(h);
    }

    // ------------------------------------------------------------------ ring arithmetic

    /** {@code Dist(a, b) == (b - a) % DataSize}. */
    int dist(int a, int b) {
        return Math.floorMod(b - a, config.dataSize());
    }

    /** {@code Used(w, r) == Dist(r, w)}. */
    int used(int w, int r) {
        return dist(r, w);
    }

    /** {@code Free(w, r) == DataSize - Used(w, r)}. */
    int free(int w, int r) {
        return config.dataSize() - used(w, r);
    }

    /** {@code IsPacketLen(len)}. */
    static boolean isPacketLen(long len, int dataSize) {
        return len >= 24 && len % 8 == 0 && len <= dataSize - 8;
    }

    /** {@code BuggyCopyBuf == Max(Sizes) - 8 - 16}. */
    int buggyCopyBuf() {
        int max = 0;
        for (int s : config.sizes()) {
            max = Math.max(max, s);
        }
        return max - 8 - 16;
    }

    /** {@code ReadAdvance(len)}. */
    int readAdvance(int len) {
        return bug(Hazard.COPY_BUF) && len - 8 > buggyCopyBuf() ? buggyCopyBuf() + 8 : len;
    }

    /** {@code FreeAfterBatch(w) == Free(w, ri)}. */
    int freeAfterBatch(int w) {
        return free(w, ri);
    }

    /** {@code FreeBeforeBatch(w) == FreeAfterBatch(w) - Dist(roldri, ri)} (may be &lt;= 0). */
    int freeBeforeBatch(int w) {
        return freeAfterBatch(w) - dist(roldri, ri);
    }

    /** {@code NPub}: packets in ring that the writer has published. */
    int npub() {
        return ring.size() - ("publish".equals(wpc) ? 1 : 0);
    }

    /** {@code AfterBatch}. */
    String afterBatch() {
        return bug(Hazard.DRAIN_ONE) ? "done" : "drain";
    }

    // ------------------------------------------------------------------ enabling conditions

    /** Whether {@code a} is enabled in this state (its guard holds). */
    public boolean enabled(Action a) {
        switch (a.name()) {
            case RingActions.WRITER_COPY:
                return nsent < config.maxPackets() && (wpc.equals("idle") || wpc.equals("full"))
                    && isPacketLen(a.param(), config.dataSize()) && free(wi, ri) > a.param();
            case RingActions.WRITER_FULL:
                return nsent < config.maxPackets() && (wpc.equals("idle") || wpc.equals("full"))
                    && isPacketLen(a.param(), config.dataSize()) && free(wi, ri) <= a.param();
            case RingActions.WRITER_SET_PENDING:
                return config.feat() && wpc.equals("full") && a.param() >= wlen && a.param() % 8 == 0
                    && a.param() < config.dataSize();
            case RingActions.WRITER_RECHECK:
                return wpc.equals("pending");
            case RingActions.WRITER_WAKE:
                return wpc.equals("sleep") && sigW;
            case RingActions.WRITER_PUBLISH:
                return wpc.equals("publish");
            case RingActions.WRITER_READ_MASK:
                return wpc.equals("readmask");
            case RingActions.WRITER_DECIDE_SIGNAL:
                return wpc.equals("decide");
            case RingActions.READER_WAKE:
                return rpc.equals("idle") && sigR;
            case RingActions.READER_READ:
                return rpc.equals("drain") && rr != wi && rhead < ring.size()
                    && !(bug(Hazard.DRAIN_ONE) && rhead >= 1);
            case RingActions.READER_COMMIT:
                return rhead >= 1 && ((rpc.equals("drain") && !(config.feat() && bug(Hazard.PENDING_ORDER)))
                    || rpc.equals("commit"));
            case RingActions.READER_READ_PENDING:
                return config.feat() && (rpc.equals("readpend")
                    || (rpc.equals("drain") && bug(Hazard.PENDING_ORDER) && rhead >= 1));
            case RingActions.READER_DECIDE_PENDING_SIGNAL:
                return rpc.equals("decidepend");
            case RingActions.READER_UNMASK:
                return rhead == 0 && ((rpc.equals("drain") && (!bug(Hazard.DRAIN_ONE) || rr == wi))
                    || rpc.equals("done"));
            case RingActions.READER_RECHECK:
                return rpc.equals("recheck");
            default:
                throw new AssertionError("unreachable: " + a);
        }
    }

    /**
     * The enabled disjuncts of {@code Next} ({@code WriterNext} with {@code len \in Sizes} and
     * {@code WriterSetPending(wlen)}, then {@code ReaderNext}).
     */
    public List<Action> enabledActions() {
        List<Action> out = new ArrayList<>();
        for (int len : config.sizes()) {
            addIfEnabled(out, new Action(RingActions.WRITER_COPY, len));
        }
        for (int len : config.sizes()) {
            addIfEnabled(out, new Action(RingActions.WRITER_FULL, len));
        }
        addIfEnabled(out, new Action(RingActions.WRITER_SET_PENDING, wlen));
        for (String name : ALL_ACTIONS) {
            if (!PARAMETERIZED.contains(name)) {
                addIfEnabled(out, Action.of(name));
            }
        }
        return out;
    }

    private void addIfEnabled(List<Action> out, Action a) {
        if (enabled(a)) {
            out.add(a);
        }
    }

    // ------------------------------------------------------------------ actions

    /**
     * Takes step {@code a}.
     *
     * @return the contract trace event the implementation must log for this step (ring/CONTRACT.md fields)
     * @throws IllegalStateException if {@code a} is not enabled
     */
    public Map<String, Object> step(Action a) {
        if (!enabled(a)) {
            throw new IllegalStateException("action: " + a + " is not enabled (expected: enabled) in " + this);
        }
        switch (a.name()) {
            case RingActions.WRITER_COPY:
                return writerCopy(a.param());
            case RingActions.WRITER_FULL:
                return writerFull(a.param());
            case RingActions.WRITER_SET_PENDING:
                return writerSetPending(a.param());
            case RingActions.WRITER_RECHECK:
                return writerRecheck();
            case RingActions.WRITER_WAKE:
                return writerWake();
            case RingActions.WRITER_PUBLISH:
                return writerPublish();
            case RingActions.WRITER_READ_MASK:
                return writerReadMask();
            case RingActions.WRITER_DECIDE_SIGNAL:
                return writerDecideSignal();
            case RingActions.READER_WAKE:
                return readerWake();
            case RingActions.READER_READ:
                return readerRead();
            case RingActions.READER_COMMIT:
                return readerCommit();
            case RingActions.READER_READ_PENDING:
                return readerReadPending();
            case RingActions.READER_DECIDE_PENDING_SIGNAL:
                return readerDecidePendingSignal();
            case RingActions.READER_UNMASK:
                return readerUnmask();
            case RingActions.READER_RECHECK:
                return readerRecheck();
            default:
                throw new AssertionError("unreachable: " + a);
        }
    }

    /** {@code WriterCopy(len)}. */
    private Map<String, Object> writerCopy(int len) {
        Map<String, Object> e = event(RingActions.WRITER_COPY, "pkt", nsent + 1, "len", len, "ri", ri);
        ring.add(new Packet(nsent + 1, len, wi));
        nsent = nsent + 1;
        wlen = len;
        wri = bug(Hazard.STALE_VIEW) ? ri : 0;
        wmask = 0;
        wempty = false;
        wsig = false;
        wpc = "publish";
        return e;
    }

    /** {@code WriterFull(len)}. */
    private Map<String, Object> writerFull(int len) {
        Map<String, Object> e = event(RingActions.WRITER_FULL, "len", len, "ri", ri);
        wlen = len;
        wpc = "full";
        return e;
    }

    /** {@code WriterSetPending(p)}. */
    private Map<String, Object> writerSetPending(int p) {
        pend = p;
        wpc = "pending";
        return event(RingActions.WRITER_SET_PENDING, "pend", p);
    }

    /** {@code WriterRecheck}. */
    private Map<String, Object> writerRecheck() {
        int loaded = ri;
        if (free(wi, ri) > wlen) {
            pend = 0;
            wpc = "idle";
        } else {
            wpc = "sleep";
        }
        return event(RingActions.WRITER_RECHECK, "ri", loaded, "pend", pend);
    }

    /** {@code WriterWake}. */
    private Map<String, Object> writerWake() {
        sigW = false;
        pend = 0;
        wpc = "idle";
        return event(RingActions.WRITER_WAKE, "pend", 0);
    }

    /** {@code WriterPublish}. */
    private Map<String, Object> writerPublish() {
        wempty = ri == wi;
        wi = Math.floorMod(wi + wlen, config.dataSize());
        wpc = "readmask";
        return event(RingActions.WRITER_PUBLISH, "wi", wi);
    }

    /** {@code WriterReadMask}. */
    private Map<String, Object> writerReadMask() {
        wmask = mask;
        wpc = "decide";
        return event(RingActions.WRITER_READ_MASK, "mask", mask);
    }

    /** {@code WriterDecideSignal}. */
    private Map<String, Object> writerDecideSignal() {
        int oldWi = Math.floorMod(wi - wlen, config.dataSize());
        int r = bug(Hazard.STALE_VIEW) ? wri : ri;
        boolean sig;
        if (bug(Hazard.SIGNAL_ALWAYS)) {
            sig = true;
        } else if (bug(Hazard.SIGNAL_NEVER)) {
            sig = false;
        } else {
            sig = wmask == 0 && r == oldWi;
        }
        Map<String, Object> e = event(RingActions.WRITER_DECIDE_SIGNAL, "ri", ri, "sig", sig);
        wsig = sig;
        sigR = sigR || sig;
        wempty = wempty || ri == oldWi;
        wpc = "idle";
        return e;
    }

    /** {@code ReaderWake}. */
    private Map<String, Object> readerWake() {
        sigR = false;
        mask = 1;
        rpc = "drain";
        return event(RingActions.READER_WAKE, "mask", 1);
    }

    /** {@code ReaderRead}. */
    private Map<String, Object> readerRead() {
        Packet p = ring.get(rhead);
        Map<String, Object> e = event(RingActions.READER_READ, "wi", wi, "pkt", p.pkt(), "len", p.len());
        recv.add(p.pkt());
        rr = Math.floorMod(rr + readAdvance(p.len()), config.dataSize());
        rhead = rhead + 1;
        rpend = 0;
        rwi = 0;
        rsig = false;
        return e;
    }

    /** {@code ReaderCommit}. */
    private Map<String, Object> readerCommit() {
        roldri = ri;
        ri = rr;
        ring = new ArrayList<>(ring.subList(rhead, ring.size()));
        rhead = 0;
        if (!config.feat()) {
            rpc = afterBatch();
        } else if (bug(Hazard.PENDING_ORDER)) {
            rpc = "decidepend";
        } else {
            rpc = "readpend";
        }
        return event(RingActions.READER_COMMIT, "ri", ri);
    }

    /** {@code ReaderReadPending}. */
    private Map<String, Object> readerReadPending() {
        rpend = pend;
        rpc = bug(Hazard.PENDING_ORDER) ? "commit" : "decidepend";
        return event(RingActions.READER_READ_PENDING, "pend", pend);
    }

    /** {@code ReaderDecidePendingSignal}. */
    private Map<String, Object> readerDecidePendingSignal() {
        int after = freeAfterBatch(wi);
        int before = freeBeforeBatch(wi);
        boolean sig = rpend != 0 && rpend < after && (bug(Hazard.PENDING_NO_CROSSING) || before <= rpend);
        rsig = sig;
        sigW = sigW || sig;
        rwi = wi;
        rpc = afterBatch();
        return event(RingActions.READER_DECIDE_PENDING_SIGNAL, "wi", wi, "sig", sig);
    }

    /** {@code ReaderUnmask}. */
    private Map<String, Object> readerUnmask() {
        mask = 0;
        rpc = "recheck";
        return event(RingActions.READER_UNMASK, "mask", 0);
    }

    /** {@code ReaderRecheck}. */
    private Map<String, Object> readerRecheck() {
        int loaded = wi;
        if (wi != rr && !bug(Hazard.NO_RECHECK) && !bug(Hazard.DRAIN_ONE)) {
            mask = 1;
            rpc = "drain";
        } else {
            rpc = "idle";
        }
        return event(RingActions.READER_RECHECK, "wi", loaded, "mask", mask);
    }

    // ------------------------------------------------------------------ invariants (the ones _bug configs violate)

    /** {@code SignalOnlyOnEmptyToNonEmptyInv}. */
    public boolean signalOnlyOnEmptyToNonEmptyInv() {
        return !wsig || (wempty && wmask == 0);
    }

    /** {@code NoSpuriousPendingSignalInv}. */
    public boolean noSpuriousPendingSignalInv() {
        return !rsig || (rpend != 0 && freeBeforeBatch(rwi) <= rpend && rpend < freeAfterBatch(rwi));
    }

    /** {@code ReadIndexOnPacketBoundaryInv}. */
    public boolean readIndexOnPacketBoundaryInv() {
        return rhead < ring.size() ? rr == ring.get(rhead).at() : rr == wi;
    }

    /**
     * Every state reachable from this one by steps of {@code Next} (this one included), breadth first.
     *
     * @param limit most states to visit
     * @throws IllegalStateException if there are more
     */
    public List<RingSpecModel> reachable(int limit) {
        List<RingSpecModel> out = new ArrayList<>();
        java.util.Set<Map<String, Object>> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<RingSpecModel> queue = new java.util.ArrayDeque<>();
        queue.add(copy());
        seen.add(variables());
        while (!queue.isEmpty()) {
            RingSpecModel m = queue.poll();
            out.add(m);
            if (out.size() > limit) {
                throw new IllegalStateException("reachable states: more than " + limit + " (expected: fewer)");
            }
            for (Action a : m.enabledActions()) {
                RingSpecModel n = m.copy();
                n.step(a);
                if (seen.add(n.variables())) {
                    queue.add(n);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ trace replay (TraceVmbusRing!Replay)

    /**
     * {@code TraceVmbusRing!Replay}: replays a logged event as the action of the same name. The event must have
     * exactly its contract fields, and the step's expected event (every loaded, stored or decided value) must equal
     * it. On success the step is taken; otherwise nothing changes.
     *
     * @param event the event, with the action name under {@code "e"}
     * @return whether the event is a step of the spec from this state
     */
    public boolean replay(Map<String, Object> event) {
        Object name = event.get("e");
        if (!(name instanceof String) || !ALL_ACTIONS.contains(name)) {
            return false;
        }
        int param = 0;
        if (name.equals(RingActions.WRITER_COPY) || name.equals(RingActions.WRITER_FULL)) {
            Long len = number(event.get("len"));
            if (len == null || len > Integer.MAX_VALUE) {
                return false;
            }
            param = len.intValue();
        } else if (name.equals(RingActions.WRITER_SET_PENDING)) {
            Long p = number(event.get("pend"));
            if (p == null || p > Integer.MAX_VALUE) {
                return false;
            }
            param = p.intValue();
        }
        Action a = new Action((String) name, param);
        if (!enabled(a)) {
            return false;
        }
        RingSpecModel next = copy();
        Map<String, Object> expected = next.step(a);
        if (!sameEvent(expected, event)) {
            return false;
        }
        assign(next);
        return true;
    }

    /**
     * Replays a whole trace from this state.
     *
     * @return the 0-based index of the first event that cannot be replayed, or -1 if every event was
     */
    public int replayAll(List<Map<String, Object>> trace) {
        for (int i = 0; i < trace.size(); i++) {
            if (!replay(trace.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether two events have the same name and fields with equal values (numbers compared as longs). */
    public static boolean sameEvent(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            Object x = e.getValue();
            Object y = b.get(e.getKey());
            Long nx = number(x);
            Long ny = number(y);
            if (nx != null || ny != null) {
                if (!Objects.equals(nx, ny)) {
                    return false;
                }
            } else if (!Objects.equals(x, y)) {
                return false;
            }
        }
        return true;
    }

    private static Long number(Object v) {
        return v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : null;
    }

    private void assign(RingSpecModel m) {
        wi = m.wi;
        ri = m.ri;
        mask = m.mask;
        pend = m.pend;
        sigR = m.sigR;
        sigW = m.sigW;
        wpc = m.wpc;
        wlen = m.wlen;
        wri = m.wri;
        wmask = m.wmask;
        wempty = m.wempty;
        wsig = m.wsig;
        rpc = m.rpc;
        rr = m.rr;
        rhead = m.rhead;
        roldri = m.roldri;
        rpend = m.rpend;
        rwi = m.rwi;
        rsig = m.rsig;
        ring = m.ring;
        nsent = m.nsent;
        recv = m.recv;
    }

    private static Map<String, Object> event(String name, Object... kv) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("e", name);
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            e.put((String) kv[i], v instanceof Integer ? Long.valueOf((Integer) v) : v);
        }
        return e;
    }

    // ------------------------------------------------------------------ views

    /**
     * Every variable of VmbusRing, as TLC prints them once parsed by {@link org.hvref.mbt.TlaValues}: numbers as {@link Long},
     * booleans, strings, sequences as lists, records as maps.
     */
    public Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("wi", (long) wi);
        v.put("ri", (long) ri);
        v.put("mask", (long) mask);
        v.put("pend", (long) pend);
        v.put("sigR", sigR);
        v.put("sigW", sigW);
        v.put("wpc", wpc);
        v.put("wlen", (long) wlen);
        v.put("wri", (long) wri);
        v.put("wmask", (long) wmask);
        v.put("wempty", wempty);
        v.put("wsig", wsig);
        v.put("rpc", rpc);
        v.put("rr", (long) rr);
        v.put("rhead", (long) rhead);
        v.put("roldri", (long) roldri);
        v.put("rpend", (long) rpend);
        v.put("rwi", (long) rwi);
        v.put("rsig", rsig);
        List<Object> r = new ArrayList<>();
        for (Packet p : ring) {
            Map<String, Object> rec = new java.util.TreeMap<>();
            rec.put("pkt", (long) p.pkt());
            rec.put("len", (long) p.len());
            rec.put("at", (long) p.at());
            r.add(rec);
        }
        v.put("ring", r);
        v.put("nsent", (long) nsent);
        List<Object> rv = new ArrayList<>();
        for (int k : recv) {
            rv.add((long) k);
        }
        v.put("recv", rv);
        return v;
    }

    /** The state abstracted for comparison with the Java ring ({@link RingAbstraction}). */
    public RingAbstraction abstraction() {
        return new RingAbstraction(wi, ri, mask, pend, sigR, sigW, wpc, rpc, wi, ri, rr, rhead,
            List.copyOf(ring), nsent, List.copyOf(recv));
    }

    /** @return {@code wpc} */
    public String wpc() {
        return wpc;
    }

    /** @return {@code rpc} */
    public String rpc() {
        return rpc;
    }

    /** @return {@code nsent} */
    public int nsent() {
        return nsent;
    }

    /** @return {@code recv} (read-only) */
    public List<Integer> recv() {
        return Collections.unmodifiableList(recv);
    }

    /** @return {@code wi} */
    public int wi() {
        return wi;
    }

    /** @return {@code rr} */
    public int rr() {
        return rr;
    }

    /** @return {@code wlen} */
    public int wlen() {
        return wlen;
    }

    /** @return {@code sigR} */
    public boolean sigR() {
        return sigR;
    }

    /** @return {@code sigW} */
    public boolean sigW() {
        return sigW;
    }

    /** @return {@code Free(wi, ri)} */
    public int freeBytes() {
        return free(wi, ri);
    }

    /** @return {@code pend} */
    public int pend() {
        return pend;
    }

    @Override
    public String toString() {
        return "RingSpecModel" + variables();
    }
}
