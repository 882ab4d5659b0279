package org.hvref.ring.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hvref.ring.BatchResult;
import org.hvref.ring.RingActions;
import org.hvref.trace.TraceEvent;

/**
 * Replays an action sequence of VmbusRing on {@link RingSpecModel} and on the Java ring ({@link SteppedRing}) in
 * lock step. For every step: the action must be enabled in the model; the Java ring must take exactly that step (one
 * event, equal to the event the model says the step logs); afterwards both {@link RingAbstraction}s must be equal.
 * In every newly seen model state, each API call whose spec actions are all disabled is probed on the Java side that
 * is between calls: it must be refused (no event, no state change). Any disagreement fails with the path so far.
 */
public final class LockstepReplay {

    /** Called after each model step, e.g. to compare the model with TLC's state. */
    @FunctionalInterface
    public interface StepCheck {
        /**
         * @param index 0-based step index
         * @param model the model after the step
         */
        void afterStep(int index, RingSpecModel model);
    }

    /**
     * Counters of one replay (summed over many with {@link #add}).
     *
     * @param runs     replayed sequences
     * @param steps    steps taken on both sides and compared
     * @param probes   refused calls probed
     * @param actions  steps per action name
     */
    public record Stats(int runs, long steps, long probes, Map<String, Long> actions) {
        /** The sum of two. */
        public Stats add(Stats o) {
            Map<String, Long> m = new java.util.TreeMap<>(actions);
            o.actions.forEach((k, v) -> m.merge(k, v, Long::sum));
            return new Stats(runs + o.runs, steps + o.steps, probes + o.probes, m);
        }

        /** Nothing yet. */
        public static Stats none() {
            return new Stats(0, 0, 0, Map.of());
        }
    }

    /**
     * The outcome of one replay.
     *
     * @param trace         the Java ring's events (one per step)
     * @param model         the model's final state
     * @param java          the Java ring's final abstract state (equal to the model's)
     * @param readerSignals how often the writer side raised the reader's doorbell
     * @param writerSignals how often the reader side raised the writer's doorbell
     * @param stats         counters
     */
    public record Result(List<Map<String, Object>> trace, RingSpecModel model, RingAbstraction java,
                         long readerSignals, long writerSignals, Stats stats) {
    }

    private final RingSpecModel.Config config;
    private final boolean probe;
    private final Set<Map<String, Object>> probed;

    /**
     * @param config the spec constants (the Java ring gets its DataSize and feature bit)
     * @param probe  whether to probe refused calls
     * @param probed states already probed (shared across replays so each state is probed once), or null for none
     */
    public LockstepReplay(RingSpecModel.Config config, boolean probe, Set<Map<String, Object>> probed) {
        this.config = config;
        this.probe = probe;
        this.probed = probed == null ? new HashSet<>() : probed;
    }

    /**
     * Replays {@code actions} from the initial state.
     *
     * @param name  names the sequence in failure messages
     * @param check called after each model step (may be null)
     */
    public Result run(String name, List<RingSpecModel.Action> actions, StepCheck check) {
        RingSpecModel model = new RingSpecModel(config);
        Map<String, Long> counts = new java.util.TreeMap<>();
        long probes = 0;
        try (SteppedRing ring = new SteppedRing(config.dataSize(), config.feat())) {
            compare(name, -1, actions, model, ring);
            probes += probeRefusals(name, -1, actions, model, ring);
            for (int i = 0; i < actions.size(); i++) {
                RingSpecModel.Action a = actions.get(i);
                if (!model.enabled(a)) {
                    throw fail(name, i, actions, "action " + a + " is not enabled in the model (expected: a "
                        + "behaviour of VmbusRing)", model, ring);
                }
                Map<String, Object> expected = model.step(a);
                if (check != null) {
                    check.afterStep(i, model);
                }
                int planned = a.name().equals(RingActions.READER_READ) ? plannedReads(actions, i) : 0;
                SteppedRing.Outcome got = ring.step(a, planned);
                TraceEvent ev = got.event();
                if (ev == null || !RingSpecModel.sameEvent(expected, asMap(ev))) {
                    throw fail(name, i, actions, "the Java ring logged " + got.events() + " (expected: exactly "
                        + expected + ")" + (got.error() != null ? "; the call threw " + got.error() : ""), model,
                        ring);
                }
                if (got.error() != null) {
                    throw fail(name, i, actions, "the call threw " + got.error() + " (expected: a normal return)",
                        model, ring);
                }
                counts.merge(a.name(), 1L, Long::sum);
                compare(name, i, actions, model, ring);
                probes += probeRefusals(name, i, actions, model, ring);
            }
            return new Result(ring.trace(), model, ring.abstraction(), ring.readerDoorbell().raiseCount(),
                ring.writerDoorbell().raiseCount(), new Stats(1, actions.size(), probes, counts));
        }
    }

    /** For a ReaderRead at {@code i}: the reads the reader makes before its next non-read action. */
    static int plannedReads(List<RingSpecModel.Action> actions, int i) {
        int n = 0;
        for (int k = i; k < actions.size(); k++) {
            RingSpecModel.Action a = actions.get(k);
            if (a.writer()) {
                continue;
            }
            if (!a.name().equals(RingActions.READER_READ)) {
                break;
            }
            n++;
        }
        return n;
    }

    private static Map<String, Object> asMap(TraceEvent e) {
        return SteppedRing.asTrace(List.of(e)).get(0);
    }

    private void compare(String name, int i, List<RingSpecModel.Action> actions, RingSpecModel model,
                         SteppedRing ring) {
        RingAbstraction m = model.abstraction();
        RingAbstraction j = ring.abstraction();
        if (!m.equals(j)) {
            throw fail(name, i, actions, "abstract states differ, model vs Java: " + m.diff(j), model, ring);
        }
        if (!ring.payloadErrors().isEmpty()) {
            throw fail(name, i, actions, "packets read with wrong contents: " + ring.payloadErrors(), model, ring);
        }
    }

    /**
     * Probes, on each side that is between API calls, every call whose spec actions are all disabled in the
     * model. Each must be refused: no event, the call returns false/{@link BatchResult#EMPTY} or throws
     * IllegalStateException, and the abstract state is unchanged.
     */
    private long probeRefusals(String name, int i, List<RingSpecModel.Action> actions, RingSpecModel model,
                               SteppedRing ring) {
        if (!probe || !probed.add(model.variables())) {
            return 0;
        }
        long n = 0;
        String wpc = model.wpc();
        if (!ring.midCall(SteppedRing.Side.WRITER)) {
            if (!wpc.equals("idle") && !wpc.equals("full")) {
                for (int len : config.sizes()) {
                    n += refuse(name, i, actions, model, ring, SteppedRing.Side.WRITER, "tryWrite", len);
                }
            }
            if (!model.enabled(new RingSpecModel.Action(RingActions.WRITER_SET_PENDING, model.wlen()))
                && model.wlen() >= 24) {
                n += refuse(name, i, actions, model, ring, SteppedRing.Side.WRITER, "requestSpace", model.wlen());
            }
            if (!model.enabled(RingSpecModel.Action.of(RingActions.WRITER_WAKE))) {
                n += refuse(name, i, actions, model, ring, SteppedRing.Side.WRITER, "wake", 0);
            }
        }
        if (!ring.midCall(SteppedRing.Side.READER)) {
            if (!model.enabled(RingSpecModel.Action.of(RingActions.READER_WAKE))) {
                n += refuse(name, i, actions, model, ring, SteppedRing.Side.READER, "beginRead", 0);
            }
            if (!model.enabled(RingSpecModel.Action.of(RingActions.READER_UNMASK))) {
                n += refuse(name, i, actions, model, ring, SteppedRing.Side.READER, "endRead", 0);
            }
            // readBatch outside a drain (polling, RingReader's documented extra mode) is not a spec behaviour:
            // probed only where the ring is empty, so it must find nothing.
            if (!model.enabled(RingSpecModel.Action.of(RingActions.READER_READ))
                && (model.rpc().equals("drain") || model.rr() == model.wi())) {
                n += refuse(name, i, actions, model, ring, SteppedRing.Side.READER, "readBatch", 0);
            }
        }
        return n;
    }

    private int refuse(String name, int i, List<RingSpecModel.Action> actions, RingSpecModel model, SteppedRing ring,
                       SteppedRing.Side side, String call, int len) {
        RingAbstraction before = ring.abstraction();
        SteppedRing.Outcome o = ring.probe(side, call, len);
        boolean refused = o.events().isEmpty() && o.callFinished()
            && (o.error() instanceof IllegalStateException || Boolean.FALSE.equals(o.result())
                || BatchResult.EMPTY.equals(o.result()));
        RingAbstraction after = ring.abstraction();
        if (!refused || !before.equals(after)) {
            throw fail(name, i, actions, "the model forbids every step of " + side + "." + call + "(" + len
                + ") but the Java ring " + (o.events().isEmpty() ? "returned " + o.result() + "/" + o.error()
                : "took " + o.events()) + (before.equals(after) ? "" : " and changed " + before.diff(after))
                + " (expected: refused, nothing changed)", model, ring);
        }
        return 1;
    }

    private static AssertionError fail(String name, int i, List<RingSpecModel.Action> actions, String what,
                                       RingSpecModel model, SteppedRing ring) {
        List<RingSpecModel.Action> prefix = new ArrayList<>(actions.subList(0, Math.min(actions.size(), i + 1)));
        return new AssertionError(name + ", after step " + (i + 1) + " of " + actions.size() + ": " + what
            + "\n  actions so far: " + prefix + "\n  model: " + model + "\n  java: " + ring.abstraction()
            + "\n  java events: " + ring.events());
    }
}
