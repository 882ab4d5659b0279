package org.hvref.ring.hazard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.RingActions;
import org.hvref.ring.RingWriter;
import org.hvref.ring.model.LockstepReplay;
import org.hvref.ring.model.RingSpecModel;
import org.hvref.ring.model.RingSpecModel.Action;
import org.hvref.ring.model.RingSpecModel.Hazard;
import org.hvref.ring.model.SteppedRing;
import org.hvref.ring.trace.RingTraceChecker;
import org.hvref.spec.Manifest;
import org.hvref.spec.ManifestEntry;
import org.hvref.spec.TlcVerdict;
import org.hvref.spec.trace.TraceVerdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One scripted regression per ring hazard that has a must-fail configuration (hazards.md §4 rows 1–4 and 16, the
 * stale-view writer, and the four x86-TSO fence configurations), named after its {@code _bug} cfg.
 *
 * <p>Each test writes the counterexample as the interleaving of spec actions TLC reports for the cfg and:
 * <ol>
 *   <li>runs it on {@link RingSpecModel} with the cfg's hazard switch on and checks the bad outcome (the violated
 *       invariant, or — for a liveness property — that from the end state no behaviour of the buggy spec ever gets
 *       the packet read or the writer woken);</li>
 *   <li>checks that the buggy run's events are not a behaviour of the correct spec, and are rejected exactly at the
 *       buggy step (the Java transcription of TraceVmbusRing);</li>
 *   <li>drives the real Java ring, one step at a time with a writer and a reader thread ({@link SteppedRing}),
 *       through the same interleaving with the correct step in place of the buggy one, in lock step with the correct
 *       spec, and asserts the safe outcome on the Java ring.</li>
 * </ol>
 * The TSO configurations need store buffers, which a sequentially consistent Java model does not have: their tests
 * drive the Java ring through the TLC counterexample's order of the two Dekker-shaped handshakes and show that
 * whichever side loads last sees the other's store. Every Java trace is finally validated by TLC.
 */
class RingHazardRegressionTest {

    private static final RingSpecModel.Config MC = RingSpecModel.Config.mc();
    private static final List<RingTraceChecker.Trace> JAVA_TRACES = new ArrayList<>();

    private static final Action PUBLISH = Action.of(RingActions.WRITER_PUBLISH);
    private static final Action READ_MASK = Action.of(RingActions.WRITER_READ_MASK);
    private static final Action DECIDE = Action.of(RingActions.WRITER_DECIDE_SIGNAL);
    private static final Action RECHECK = Action.of(RingActions.WRITER_RECHECK);
    private static final Action WAKE = Action.of(RingActions.WRITER_WAKE);
    private static final Action R_WAKE = Action.of(RingActions.READER_WAKE);
    private static final Action READ = Action.of(RingActions.READER_READ);
    private static final Action COMMIT = Action.of(RingActions.READER_COMMIT);
    private static final Action READ_PEND = Action.of(RingActions.READER_READ_PENDING);
    private static final Action DECIDE_PEND = Action.of(RingActions.READER_DECIDE_PENDING_SIGNAL);
    private static final Action UNMASK = Action.of(RingActions.READER_UNMASK);
    private static final Action R_RECHECK = Action.of(RingActions.READER_RECHECK);

    private static Action copy(int len) {
        return new Action(RingActions.WRITER_COPY, len);
    }

    private static Action full(int len) {
        return new Action(RingActions.WRITER_FULL, len);
    }

    private static Action setPending(int len) {
        return new Action(RingActions.WRITER_SET_PENDING, len);
    }

    /** One complete {@code tryWrite}: WriterCopy, WriterPublish, WriterReadMask, WriterDecideSignal. */
    private static List<Action> write(int len) {
        return List.of(copy(len), PUBLISH, READ_MASK, DECIDE);
    }

    /** A batch of one packet and its pending-send decision (feature bit on). */
    private static final List<Action> READ_ONE = List.of(READ, COMMIT, READ_PEND, DECIDE_PEND);

    /** {@code endRead}: ReaderUnmask, ReaderRecheck. */
    private static final List<Action> END_READ = List.of(UNMASK, R_RECHECK);

    private static List<Action> seq(Object... parts) {
        List<Action> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Action) {
                out.add((Action) p);
            } else {
                for (Object a : (List<?>) p) {
                    out.add((Action) a);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ hazards.md #1

    @Test
    @DisplayName("MCVmbusRing_no_recheck_bug.cfg: a packet written while the reader is masked is read after unmask")
    void mcVmbusRingNoRecheckBug() {
        List<Action> prefix = seq(write(24), R_WAKE, READ_ONE, copy(24), PUBLISH, READ_MASK, DECIDE, END_READ);
        RingSpecModel bug = bugRun("MCVmbusRing_no_recheck_bug.cfg", Hazard.NO_RECHECK, prefix, prefix.size() - 1);
        assertEquals("idle", bug.rpc());
        assertTrue(bug.rr() != bug.wi() && !bug.sigR(), "bug: idle reader, data in the ring, no signal");
        assertReaderNeverReadsAll(bug);

        LockstepReplay.Result r = javaRun("MCVmbusRing_no_recheck_bug.cfg", MC, seq(prefix, READ_ONE, END_READ));
        assertEquals(List.of(1, 2), r.java().recv(), "both packets read");
        assertEquals(1, r.readerSignals(), "the second packet needed no signal: the re-check found it");
        assertEquals(1L, event(r, RingActions.READER_RECHECK, 0).get("mask"), "the first re-check re-masked");
    }

    // ------------------------------------------------------------------ hazards.md #2

    @Test
    @DisplayName("MCVmbusRing_pending_order_bug.cfg: pending_send_sz is loaded after read_index is committed")
    void mcVmbusRingPendingOrderBug() {
        List<Action> full = seq(write(32), write(24), full(24), R_WAKE, READ);
        List<Action> bugScript = seq(full, READ_PEND, setPending(24), RECHECK, COMMIT, DECIDE_PEND);
        RingSpecModel bug = bugRun("MCVmbusRing_pending_order_bug.cfg", Hazard.PENDING_ORDER, bugScript,
            full.size());
        assertEquals("sleep", bug.wpc());
        assertWriterSleepsForever(bug);

        // the writer re-checks before the commit and sleeps: the reader's later load sees pending_send_sz
        LockstepReplay.Result a = javaRun("MCVmbusRing_pending_order_bug.cfg", MC,
            seq(full, setPending(24), RECHECK, COMMIT, READ_PEND, DECIDE_PEND, WAKE, write(24)));
        assertEquals(Boolean.TRUE, event(a, RingActions.READER_DECIDE_PENDING_SIGNAL, 0).get("sig"));
        assertEquals(1, a.writerSignals(), "the sleeping writer was signalled once");
        assertEquals(3, a.java().nsent(), "and wrote its packet");
        // the reader loads pending_send_sz before the writer sets it: the writer's re-check sees the commit
        LockstepReplay.Result b = javaRun("MCVmbusRing_pending_order_bug.cfg", MC,
            seq(full, COMMIT, READ_PEND, setPending(24), RECHECK, DECIDE_PEND, write(24)));
        assertEquals(0L, event(b, RingActions.WRITER_RECHECK, 0).get("pend"), "the re-check found the space");
        assertEquals(0, b.writerSignals());
        assertEquals(3, b.java().nsent());
    }

    @Test
    @DisplayName("MCVmbusRing_pending_no_crossing_bug.cfg: the writer is signalled once, on the crossing")
    void mcVmbusRingPendingNoCrossingBug() {
        List<Action> script = seq(write(32), write(24), full(24), setPending(24), RECHECK, R_WAKE, READ_ONE,
            READ_ONE);
        RingSpecModel bug = bugRun("MCVmbusRing_pending_no_crossing_bug.cfg", Hazard.PENDING_NO_CROSSING, script,
            script.size() - 1);
        assertFalse(bug.noSpuriousPendingSignalInv(), "bug: NoSpuriousPendingSignalInv violated");

        LockstepReplay.Result r = javaRun("MCVmbusRing_pending_no_crossing_bug.cfg", MC,
            seq(script, WAKE, write(24)));
        assertEquals(Boolean.TRUE, event(r, RingActions.READER_DECIDE_PENDING_SIGNAL, 0).get("sig"), "crossing");
        assertEquals(Boolean.FALSE, event(r, RingActions.READER_DECIDE_PENDING_SIGNAL, 1).get("sig"),
            "no signal once the space was already enough");
        assertEquals(1, r.writerSignals());
        assertTrue(r.model().noSpuriousPendingSignalInv());
    }

    // ------------------------------------------------------------------ hazards.md #3

    @Test
    @DisplayName("MCVmbusRing_signal_always_bug.cfg: the writer signals only on empty -> non-empty")
    void mcVmbusRingSignalAlwaysBug() {
        List<Action> script = seq(write(24), write(24));
        RingSpecModel bug = bugRun("MCVmbusRing_signal_always_bug.cfg", Hazard.SIGNAL_ALWAYS, script,
            script.size() - 1);
        assertFalse(bug.signalOnlyOnEmptyToNonEmptyInv(), "bug: SignalOnlyOnEmptyToNonEmptyInv violated");

        LockstepReplay.Result r = javaRun("MCVmbusRing_signal_always_bug.cfg", MC,
            seq(script, R_WAKE, READ, READ, COMMIT, READ_PEND, DECIDE_PEND, END_READ));
        assertEquals(List.of(Boolean.TRUE, Boolean.FALSE), List.of(
            event(r, RingActions.WRITER_DECIDE_SIGNAL, 0).get("sig"),
            event(r, RingActions.WRITER_DECIDE_SIGNAL, 1).get("sig")));
        assertEquals(1, r.readerSignals(), "one signal for two packets");
        assertEquals(List.of(1, 2), r.java().recv());
    }

    @Test
    @DisplayName("MCVmbusRing_signal_never_bug.cfg: the writer signals the empty -> non-empty transition")
    void mcVmbusRingSignalNeverBug() {
        List<Action> script = write(24);
        RingSpecModel bug = bugRun("MCVmbusRing_signal_never_bug.cfg", Hazard.SIGNAL_NEVER, script,
            script.size() - 1);
        assertReaderNeverReadsAll(bug);

        LockstepReplay.Result r = javaRun("MCVmbusRing_signal_never_bug.cfg", MC, seq(script, R_WAKE, READ_ONE,
            END_READ));
        assertEquals(1, r.readerSignals());
        assertEquals(List.of(1), r.java().recv());
    }

    // ------------------------------------------------------------------ hazards.md #4

    @Test
    @DisplayName("MCVmbusRing_drain_one_bug.cfg: two packets posted back to back are both read on one interrupt")
    void mcVmbusRingDrainOneBug() {
        List<Action> prefix = seq(write(24), write(24), R_WAKE, READ_ONE);
        List<Action> bugScript = seq(prefix, END_READ);
        RingSpecModel bug = bugRun("MCVmbusRing_drain_one_bug.cfg", Hazard.DRAIN_ONE, bugScript,
            bugScript.size() - 1);
        assertEquals(List.of(1), bug.recv());
        assertReaderNeverReadsAll(bug);

        // the correct reader keeps draining after the batch, and its unmask re-check would catch it as well
        LockstepReplay.Result a = javaRun("MCVmbusRing_drain_one_bug.cfg", MC, seq(prefix, READ_ONE, END_READ));
        assertEquals(List.of(1, 2), a.java().recv());
        LockstepReplay.Result b = javaRun("MCVmbusRing_drain_one_bug.cfg", MC, seq(bugScript, READ_ONE, END_READ));
        assertEquals(List.of(1, 2), b.java().recv());
        assertEquals(1, b.readerSignals(), "one interrupt for both packets");
    }

    // ------------------------------------------------------------------ hazards.md #16

    @Test
    @DisplayName("MCVmbusRing_copybuf_bug.cfg: a packet is copied out whole, descriptor included")
    void mcVmbusRingCopybufBug() {
        List<Action> script = seq(write(32), R_WAKE, READ, COMMIT);
        RingSpecModel bug = bugRun("MCVmbusRing_copybuf_bug.cfg", Hazard.COPY_BUF, script, script.size() - 1);
        assertEquals(16, bug.rr(), "bug: the read index stops inside the packet");

        LockstepReplay.Result r = javaRun("MCVmbusRing_copybuf_bug.cfg", MC, seq(script, READ_PEND, DECIDE_PEND,
            END_READ));
        assertEquals(32, r.java().rr());
        assertTrue(r.model().readIndexOnPacketBoundaryInv());

        // the largest packet a 4 KiB ring holds (4088 = DataSize - 8, descriptor and trailer included), twice:
        // the second wraps; each is copied out whole (SteppedRing checks every payload byte) and the read index
        // advances by the packet's full length
        RingSpecModel.Config big = RingSpecModel.Config.good(4096, Set.of(24, 4088), 3, true);
        List<Action> maxTwice = seq(write(4088), R_WAKE, READ_ONE, END_READ, write(4088), R_WAKE, READ_ONE, END_READ);
        LockstepReplay.Result m = javaRun("MCVmbusRing_copybuf_bug.cfg", big, maxTwice);
        assertEquals(List.of(1, 2), m.java().recv());
        assertEquals((2 * 4088) % 4096, m.java().rr());
        assertEquals(List.of(4088L, 4088L), List.of(event(m, RingActions.READER_READ, 0).get("len"),
            event(m, RingActions.READER_READ, 1).get("len")));
        try (SteppedRing ring = new SteppedRing(4096, true)) {
            RingWriter w = ring.writer();
            assertThrows(IllegalArgumentException.class, () -> w.tryWrite(6, 0, 1, new byte[4096 - 24], 0,
                4096 - 24), "a packet of DataSize bytes can never fit (one slot stays free)");
            assertEquals(4088, PacketDescriptor.ringLength(4096 - 32));
        }
    }

    // ------------------------------------------------------------------ stale view (issue 2)

    @Test
    @DisplayName("MCVmbusRing_stale_view_bug.cfg: the signal decision loads read_index after publishing")
    void mcVmbusRingStaleViewBug() {
        List<Action> prefix = seq(write(24), R_WAKE, copy(24), READ_ONE, END_READ, PUBLISH, READ_MASK, DECIDE);
        RingSpecModel bug = bugRun("MCVmbusRing_stale_view_bug.cfg", Hazard.STALE_VIEW, prefix, prefix.size() - 1);
        assertTrue(bug.rpc().equals("idle") && bug.rr() != bug.wi() && !bug.sigR(), "bug: lost wake-up");
        assertReaderNeverReadsAll(bug);

        LockstepReplay.Result r = javaRun("MCVmbusRing_stale_view_bug.cfg", MC, seq(prefix, R_WAKE, READ_ONE,
            END_READ));
        Map<String, Object> decide = event(r, RingActions.WRITER_DECIDE_SIGNAL, 1);
        assertEquals(24L, decide.get("ri"), "read_index loaded at decision time, after the reader's commit");
        assertEquals(Boolean.TRUE, decide.get("sig"));
        assertEquals(List.of(1, 2), r.java().recv());
    }

    // ------------------------------------------------------------------ x86-TSO fence configurations

    @Test
    @DisplayName("MCVmbusRingTSO_no_consumer_fence_bug.cfg: reader re-checks an old write_index, writer sees mask 0")
    void mcVmbusRingTsoNoConsumerFenceBug() {
        // TLC: the reader's mask := 0 is buffered, it re-loads the old write_index and idles; the writer publishes
        // and loads mask = 1. In program order with the fence the writer's load comes after the unmask.
        LockstepReplay.Result r = javaRun("MCVmbusRingTSO_no_consumer_fence_bug.cfg", MC,
            seq(write(24), R_WAKE, READ_ONE, copy(24), END_READ, PUBLISH, READ_MASK, DECIDE, R_WAKE, READ_ONE,
                END_READ));
        assertEquals(0L, event(r, RingActions.READER_RECHECK, 0).get("mask"), "the reader idled on the old index");
        assertEquals(0L, event(r, RingActions.WRITER_READ_MASK, 1).get("mask"), "the writer saw the unmask");
        assertEquals(2, r.readerSignals());
        assertEquals(List.of(1, 2), r.java().recv());
    }

    @Test
    @DisplayName("MCVmbusRingTSO_no_producer_fence_bug.cfg: writer sees mask 1, reader re-check sees the new index")
    void mcVmbusRingTsoNoProducerFenceBug() {
        // TLC: write_index = 48 sits in the writer's buffer while it loads mask = 1; the reader unmasks, fences and
        // re-loads write_index = 24. In program order the writer's publish precedes its mask load.
        LockstepReplay.Result r = javaRun("MCVmbusRingTSO_no_producer_fence_bug.cfg", MC,
            seq(write(24), R_WAKE, READ_ONE, copy(24), PUBLISH, READ_MASK, DECIDE, END_READ, READ_ONE, END_READ));
        assertEquals(1L, event(r, RingActions.WRITER_READ_MASK, 1).get("mask"));
        assertEquals(Boolean.FALSE, event(r, RingActions.WRITER_DECIDE_SIGNAL, 1).get("sig"));
        assertEquals(48L, event(r, RingActions.READER_RECHECK, 0).get("wi"), "the re-check saw the publish");
        assertEquals(1, r.readerSignals());
        assertEquals(List.of(1, 2), r.java().recv());
    }

    @Test
    @DisplayName("MCVmbusRingTSO_no_pending_fence_bug.cfg: reader loads pending 0, writer's re-check sees the commit")
    void mcVmbusRingTsoNoPendingFenceBug() {
        // TLC: the reader loads pending_send_sz = 0 while its read_index store is buffered; the writer re-loads
        // read_index = 0 and sleeps. In program order the commit precedes the reader's pending load.
        LockstepReplay.Result r = javaRun("MCVmbusRingTSO_no_pending_fence_bug.cfg", MC,
            seq(write(32), write(24), full(24), R_WAKE, READ, COMMIT, READ_PEND, DECIDE_PEND, setPending(24),
                RECHECK, write(24)));
        assertEquals(0L, event(r, RingActions.READER_READ_PENDING, 0).get("pend"));
        assertEquals(32L, event(r, RingActions.WRITER_RECHECK, 0).get("ri"), "the writer saw the commit");
        assertEquals(3, r.java().nsent(), "the writer never slept");
    }

    @Test
    @DisplayName("MCVmbusRingTSO_no_producer_pending_fence_bug.cfg: writer sleeps, reader sees its pending_send_sz")
    void mcVmbusRingTsoNoProducerPendingFenceBug() {
        // TLC: the writer's pending_send_sz store is buffered while it re-loads read_index (full) and sleeps; the
        // reader loads pending_send_sz = 0. In program order the store precedes the writer's re-load.
        LockstepReplay.Result r = javaRun("MCVmbusRingTSO_no_producer_pending_fence_bug.cfg", MC,
            seq(write(32), write(24), full(24), setPending(24), RECHECK, R_WAKE, READ_ONE, WAKE, write(24)));
        assertEquals(24L, event(r, RingActions.READER_READ_PENDING, 0).get("pend"));
        assertEquals(1, r.writerSignals());
        assertEquals(3, r.java().nsent());
    }

    // ------------------------------------------------------------------ harness

    /**
     * Runs the counterexample on the buggy spec (every step must be enabled), then checks that its events are not a
     * behaviour of the correct spec: TraceVmbusRing's replay rejects them exactly at {@code buggyStep}.
     */
    private static RingSpecModel bugRun(String cfg, Hazard h, List<Action> script, int buggyStep) {
        assertMustFail(cfg);
        RingSpecModel.Config config = MC.with(h);
        RingSpecModel m = new RingSpecModel(config);
        List<Map<String, Object>> events = new ArrayList<>();
        for (Action a : script) {
            assertTrue(m.enabled(a), () -> cfg + ": " + a + " enabled in the buggy spec after " + events);
            events.add(m.step(a));
        }
        int rejected = new RingSpecModel(MC).replayAll(events);
        assertEquals(buggyStep, rejected, cfg + ": the correct spec rejects the counterexample at its buggy step "
            + script.get(buggyStep) + "; events " + events);
        return m;
    }

    /** The same interleaving, with the correct steps, on the Java ring in lock step with the correct spec. */
    private static LockstepReplay.Result javaRun(String cfg, RingSpecModel.Config config, List<Action> script) {
        assertMustFail(cfg);
        LockstepReplay.Result r = new LockstepReplay(config, true, null).run(cfg, script, null);
        synchronized (JAVA_TRACES) {
            JAVA_TRACES.add(new RingTraceChecker.Trace(cfg, config.dataSize(), config.feat(), r.trace()));
        }
        return r;
    }

    /** No behaviour of the (buggy) spec from this state ever reads every packet written. */
    private static void assertReaderNeverReadsAll(RingSpecModel end) {
        List<RingSpecModel> all = end.reachable(100_000);
        for (RingSpecModel s : all) {
            assertTrue(s.recv().size() < s.nsent(), "a reachable state reads every packet: " + s);
        }
    }

    /** No behaviour of the (buggy) spec from this state ever wakes the sleeping writer. */
    private static void assertWriterSleepsForever(RingSpecModel end) {
        List<RingSpecModel> all = end.reachable(100_000);
        boolean spaceFreed = false;
        for (RingSpecModel s : all) {
            assertEquals("sleep", s.wpc(), () -> "a reachable state wakes the writer: " + s);
            spaceFreed |= s.freeBytes() > s.pend();
        }
        assertTrue(spaceFreed, "the space the writer waits for is freed in some reachable state");
    }

    /** The n-th (0-based) event named {@code name} of the Java trace. */
    private static Map<String, Object> event(LockstepReplay.Result r, String name, int n) {
        int seen = 0;
        for (Map<String, Object> e : r.trace()) {
            if (e.get("e").equals(name) && seen++ == n) {
                return e;
            }
        }
        throw new AssertionError("event " + name + " #" + n + " (expected: in " + r.trace() + ")");
    }

    private static void assertMustFail(String cfg) {
        Manifest manifest = Manifest.load(RingTraceChecker.specFiles());
        ManifestEntry e = manifest.entryFor("ring/" + cfg).orElseThrow(() -> new AssertionError(
            "manifest.json: no entry for ring/" + cfg + " (expected: a must-fail configuration)"));
        assertTrue(e.expectedVerdict() == TlcVerdict.INVARIANT || e.expectedVerdict() == TlcVerdict.LIVENESS,
            "ring/" + cfg + " is a must-fail configuration (manifest expect: " + e.expectedVerdict() + ")");
    }

    @AfterAll
    static void everyJavaRunIsABehaviourOfTheSpec() {
        TraceVerdict v = RingTraceChecker.validate(JAVA_TRACES);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.println("[hazard regressions] " + JAVA_TRACES.size() + " Java runs validated by TLC: " + v);
    }
}
