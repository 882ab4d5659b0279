package org.hvref.ic.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hvref.trace.TraceEvent;

/**
 * Replays an IcNegotiation action sequence on {@link IcSpecModel} and on the Java host and guest ({@link
 * IcJavaSides}) in lock step: every action must be enabled in the model; its Java call must succeed and record
 * exactly that action's event; the consumer's {@code answer()} is asked exactly when the model's verdict matters
 * (negotiated and a consumer); after every step (and before the first) the model's variables must equal the Java
 * sides' abstraction.
 */
final class IcLockstepReplay {

    /** Called after each model step, e.g. to compare the model with TLC's state. */
    @FunctionalInterface
    interface StepCheck {
        void afterStep(int index, IcSpecModel model);
    }

    /**
     * The outcome of one replay.
     *
     * @param trace    the recorded events of both sides, as trace records
     * @param compared abstract states compared
     * @param actions  steps per action name
     */
    record Result(List<Map<String, Object>> trace, long compared, Map<String, Long> actions) {
    }

    private IcLockstepReplay() {
    }

    static Result run(String name, IcSpecModel.Config config, IcSpecModel initial, List<IcSpecModel.Action> actions,
                      StepCheck check) {
        IcSpecModel model = initial.copy();
        IcJavaSides java = new IcJavaSides(config, model.offerFw(), model.offerMsg(), model.consumer());
        Map<String, Long> counts = new TreeMap<>();
        compare(name, -1, actions, model, java);
        long compared = 1;
        for (int i = 0; i < actions.size(); i++) {
            IcSpecModel.Action a = actions.get(i);
            if (!model.enabled(a)) {
                throw fail(name, i, actions, "action " + a + " is not enabled in the model (expected: a behaviour of "
                    + "IcNegotiation)", model, java);
            }
            boolean verdictAsked = a.name().equals("GuestRcvRequest") && model.gstate().equals("ready")
                && model.consumer();
            model.step(a);
            if (check != null) {
                check.afterStep(i, model);
            }
            int events = java.events().size();
            int calls = java.answerCalls();
            try {
                java.perform(a);
            } catch (RuntimeException e) {
                throw fail(name, i, actions, "the Java call for " + a + " threw " + e + " (expected: the step taken)",
                    model, java);
            }
            List<TraceEvent> recorded = java.events().subList(events, java.events().size());
            if (recorded.size() != 1 || !recorded.get(0).action().equals(a.name())) {
                throw fail(name, i, actions, "the Java side recorded " + recorded + " (expected: one " + a.name()
                    + " event)", model, java);
            }
            if (java.answerCalls() - calls != (verdictAsked ? 1 : 0)) {
                throw fail(name, i, actions, "the consumer's answer() was asked " + (java.answerCalls() - calls)
                    + " times (expected: " + (verdictAsked ? 1 : 0) + ")", model, java);
            }
            counts.merge(a.name(), 1L, Long::sum);
            compare(name, i, actions, model, java);
            compared++;
        }
        List<Map<String, Object>> trace = new ArrayList<>();
        java.events().forEach(e -> trace.add(e.toRecord()));
        return new Result(trace, compared, counts);
    }

    private static void compare(String name, int i, List<IcSpecModel.Action> actions, IcSpecModel model,
                                IcJavaSides java) {
        Map<String, Object> m = model.variables();
        Map<String, Object> j = java.abstraction();
        if (!m.equals(j)) {
            StringBuilder sb = new StringBuilder();
            m.forEach((k, v) -> {
                if (!v.equals(j.get(k))) {
                    sb.append(k).append(": model ").append(v).append(" vs Java ").append(j.get(k)).append("; ");
                }
            });
            throw fail(name, i, actions, "abstract states differ: " + sb, model, java);
        }
    }

    private static AssertionError fail(String name, int i, List<IcSpecModel.Action> actions, String what,
                                       IcSpecModel model, IcJavaSides java) {
        return new AssertionError(name + ", after step " + (i + 1) + " of " + actions.size() + ": " + what
            + "\n  actions so far: " + actions.subList(0, Math.min(actions.size(), i + 1)) + "\n  model: " + model
            + "\n  " + java + "\n  java events: " + java.events());
    }
}
