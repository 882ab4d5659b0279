package org.hvref.channel.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.hvref.trace.TraceEvent;

/**
 * Replays an action sequence of VmbusChannel on {@link ChannelSpecModel} and on the Java cores ({@link ChannelCores})
 * in lock step. For every step the action must be enabled in the model, and the Java side must record that action's
 * event and no {@code err}. Where one Java call takes several spec steps at once (the GPADL bodies posted with their
 * header, RELID_RELEASED sent inside the step that makes it due, the version retry inside the refusal's receive; see
 * {@code JavaChoices} in MCVmbusChannelMbt.tla), the extra events are matched against the following steps, which the
 * Java side then takes without a call. Whenever no such step is outstanding, the {@link ChannelAbstraction} of the
 * model and of the Java cores must be equal, and in every model state seen for the first time each API call whose
 * spec actions are all disabled is made: it must be refused (an exception or a failed future) with no event, no
 * message and no change of the abstract state.
 */
public final class ChannelLockstepReplay {

    /** Called after each model step, e.g. to compare the model with TLC's state. */
    @FunctionalInterface
    public interface StepCheck {
        /**
         * @param index 0-based step index
         * @param model the model after the step
         */
        void afterStep(int index, ChannelSpecModel model);
    }

    /**
     * Counters of replays.
     *
     * @param runs     replayed sequences
     * @param steps    steps taken on both sides
     * @param compared abstract states compared
     * @param probes   refused calls probed
     * @param actions  steps per action name
     */
    public record Stats(int runs, long steps, long compared, long probes, Map<String, Long> actions) {
        /** The sum of two. */
        public Stats add(Stats o) {
            Map<String, Long> m = new TreeMap<>(actions);
            o.actions.forEach((k, v) -> m.merge(k, v, Long::sum));
            return new Stats(runs + o.runs, steps + o.steps, compared + o.compared, probes + o.probes, m);
        }

        /** Nothing yet. */
        public static Stats none() {
            return new Stats(0, 0, 0, 0, Map.of());
        }
    }

    /**
     * The outcome of one replay.
     *
     * @param trace the events of both cores, in order, as trace records
     * @param model the model's final state
     * @param stats counters
     */
    public record Result(List<Map<String, Object>> trace, ChannelSpecModel model, Stats stats) {
    }

    private final ChannelSpecModel.Config config;
    private final boolean probe;
    private final Set<Map<String, Object>> probed;

    /**
     * @param config the spec constants
     * @param probe  whether to probe refused calls
     * @param probed states already probed (shared across replays), or null
     */
    public ChannelLockstepReplay(ChannelSpecModel.Config config, boolean probe, Set<Map<String, Object>> probed) {
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
    public Result run(String name, List<ChannelSpecModel.Action> actions, StepCheck check) {
        ChannelSpecModel model = new ChannelSpecModel(config);
        ChannelCores cores = new ChannelCores(config);
        Deque<TraceEvent> ahead = new ArrayDeque<>();
        Map<String, Long> counts = new TreeMap<>();
        long compared = 0;
        long probes = 0;
        compare(name, -1, actions, model, cores);
        compared++;
        probes += probeRefusals(name, -1, actions, model, cores);
        for (int i = 0; i < actions.size(); i++) {
            ChannelSpecModel.Action a = actions.get(i);
            if (!model.enabled(a)) {
                throw fail(name, i, actions, "action " + a + " is not enabled in the model (expected: a behaviour "
                    + "of MCVmbusChannelMbt)", model, cores);
            }
            model.step(a);
            if (check != null) {
                check.afterStep(i, model);
            }
            List<TraceEvent> events;
            if (!ahead.isEmpty()) {
                events = List.of(ahead.poll());
            } else {
                ChannelCores.Outcome o = cores.perform(a);
                if (o.error() != null) {
                    throw fail(name, i, actions, "the Java call for " + a + " failed: " + o.error()
                        + " (expected: the step taken)", model, cores);
                }
                if (o.events().isEmpty()) {
                    throw fail(name, i, actions, "the Java side recorded nothing for " + a
                        + " (expected: its event)", model, cores);
                }
                events = o.events().subList(0, 1);
                ahead.addAll(o.events().subList(1, o.events().size()));
            }
            TraceEvent ev = events.get(0);
            if (!ev.action().equals(a.name()) || ev.get("err") != null) {
                throw fail(name, i, actions, "the Java side recorded " + ev + " (expected: " + a.name()
                    + " without err)", model, cores);
            }
            counts.merge(a.name(), 1L, Long::sum);
            if (ahead.isEmpty()) {
                compare(name, i, actions, model, cores);
                compared++;
                probes += probeRefusals(name, i, actions, model, cores);
            }
        }
        List<Map<String, Object>> trace = new ArrayList<>();
        for (TraceEvent e : cores.tracer().events()) {
            trace.add(e.toRecord());
        }
        return new Result(trace, model, new Stats(1, actions.size(), compared, probes, counts));
    }

    private static void compare(String name, int i, List<ChannelSpecModel.Action> actions, ChannelSpecModel model,
                                ChannelCores cores) {
        ChannelAbstraction m = ChannelAbstraction.of(model);
        ChannelAbstraction j = cores.abstraction();
        if (!m.equals(j)) {
            throw fail(name, i, actions, "abstract states differ, model vs Java: " + m.diff(j), model, cores);
        }
    }

    /** Probes every API call whose spec actions are all disabled in the model's state (once per state). */
    private long probeRefusals(String name, int i, List<ChannelSpecModel.Action> actions, ChannelSpecModel model,
                               ChannelCores cores) {
        if (!probe || !probed.add(model.variables())) {
            return 0;
        }
        long n = 0;
        var client = cores.client();
        var server = cores.server();
        String gconn = model.gconn();
        if (!gconn.equals("idle") && !gconn.equals("unloaded")) {
            n += refuse(name, i, actions, model, cores, "connect", client::connect, false);
        }
        if (!model.enabled(ChannelSpecModel.Action.of("GuestSendRequestOffers"))) {
            n += refuse(name, i, actions, model, cores, "requestOffers", client::requestOffers, false);
        }
        if (!model.enabled(ChannelSpecModel.Action.of("GuestSendUnload"))) {
            n += refuse(name, i, actions, model, cores, "unload", client::unload, false);
        }
        for (int r = 1; r <= config.relids(); r++) {
            int relid = r;
            boolean headerAllowed = gconn.equals("ready") && (model.gch(r).equals("offered")
                || model.gch(r).equals("open")) && !model.gresc(r) && !model.grel(r);
            if (!headerAllowed) {
                n += refuse(name, i, actions, model, cores, "createGpadl(" + r + ")",
                    () -> client.createGpadl(relid, cores.pages(1, 0)), false);
            }
            if (!model.enabled(new ChannelSpecModel.Action("GuestSendCloseChannel", r, 0, 0, true))
                && !model.enabled(new ChannelSpecModel.Action("GuestCloseRescindedChannel", r, 0, 0, true))) {
                n += refuse(name, i, actions, model, cores, "close(" + r + ")", () -> {
                    client.close(relid);
                    return null;
                }, false);
            }
            if (!model.enabledUnbounded(new ChannelSpecModel.Action("GuestSendModifyChannel", r, 0, 0, true))) {
                n += refuse(name, i, actions, model, cores, "modify(" + r + ")", () -> client.modify(relid, 1),
                    false);
            }
            for (int h = 1; h <= config.handles(); h++) {
                int j = cores.guestHandle(h);
                if (j != 0 && !model.enabled(new ChannelSpecModel.Action("GuestSendOpenChannel", r, h, 0, true))) {
                    n += refuse(name, i, actions, model, cores, "open(" + r + ", h" + h + ")",
                        () -> client.open(relid, j, 2, 0, null), false);
                }
            }
            if (model.hch(r).equals("revoked")) {
                n += refuse(name, i, actions, model, cores, "rescind(" + r + ")", () -> {
                    server.rescind(relid);
                    return null;
                }, false);
            }
            ChannelCores.Device d = cores.device(r);
            boolean resultAllowed = model.enabled(new ChannelSpecModel.Action("HostSendOpenResult", r, 0, 0, true));
            if (d != null && d.pendingOpen != null && !d.pendingOpen.isDone() && !resultAllowed) {
                CompletableFuture<Integer> late = d.pendingOpen;
                d.pendingOpen = null;
                // the device answers an open the host gave up (rescind, unload): no OPENCHANNEL_RESULT may follow
                n += refuse(name, i, actions, model, cores, "device answers the open of relid " + r + " late",
                    () -> late.complete(0), true);
            }
        }
        for (int h = 1; h <= config.handles(); h++) {
            int j = cores.guestHandle(h);
            if (j != 0 && !model.enabled(new ChannelSpecModel.Action("GuestSendGpadlTeardown", 0, h, 0, true))) {
                // after a rescind the guest forgets the GPADL with the relid: completed at once, nothing sent
                boolean silentOk = model.gresc(model.ggp(h).r());
                n += refuse(name, i, actions, model, cores, "teardownGpadl(h" + h + ")",
                    () -> client.teardownGpadl(j), silentOk);
            }
        }
        return n;
    }

    /**
     * Makes one forbidden call: it must fail (unless {@code silentOk}: it may also return normally) and leave no
     * event, no message and the abstract state as it was.
     */
    private static int refuse(String name, int i, List<ChannelSpecModel.Action> actions, ChannelSpecModel model,
                              ChannelCores cores, String call, Supplier<Object> body, boolean silentOk) {
        ChannelAbstraction before = cores.abstraction();
        int queued = cores.queued();
        ChannelCores.Outcome o = cores.probe(body);
        ChannelAbstraction after = cores.abstraction();
        boolean refused = o.events().isEmpty() && cores.queued() == queued && before.equals(after)
            && (o.error() != null || silentOk);
        if (!refused) {
            throw fail(name, i, actions, "the model forbids " + call + " but the Java side "
                + (o.events().isEmpty() ? "returned " + (o.error() == null ? "normally" : o.error().toString())
                : "recorded " + o.events()) + (cores.queued() == queued ? "" : ", sent a message")
                + (before.equals(after) ? "" : " and changed " + before.diff(after))
                + " (expected: refused, nothing sent or changed)", model, cores);
        }
        return 1;
    }

    private static AssertionError fail(String name, int i, List<ChannelSpecModel.Action> actions, String what,
                                       ChannelSpecModel model, ChannelCores cores) {
        List<ChannelSpecModel.Action> prefix = new ArrayList<>(actions.subList(0, Math.min(actions.size(), i + 1)));
        return new AssertionError(name + ", after step " + (i + 1) + " of " + actions.size() + ": " + what
            + "\n  actions so far: " + prefix + "\n  model: " + model + "\n  java: " + cores.abstraction()
            + "\n  java events: " + cores.tracer().events());
    }
}
