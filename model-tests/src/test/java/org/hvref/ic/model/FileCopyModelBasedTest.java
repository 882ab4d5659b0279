package org.hvref.ic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hvref.ic.filecopy.FileCopyHostSession;
import org.hvref.ic.filecopy.HostCopyState;
import org.hvref.mbt.StateGraph;
import org.hvref.mbt.TlcStateGraph;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.FileCopyTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model-based test of the Java file-copy guest ({@code FileCopyGuestSession}, on a real root directory) and host
 * ({@code FileCopyHostSession}) against {@code FileCopy.tla} (tla-practice.md "Model-based tests"): a greedy edge
 * cover of TLC's complete state graph of {@code MCFileCopyMbt.cfg} and seeded random walks of {@link
 * FileCopySpecModel} are replayed step by step on the naive model and on the guest with a scripted hostile host
 * ({@link FileCopyJavaSides}); seeded walks driven by real {@link FileCopyHostSession}s (random sizes, OVER_WRITE,
 * refused names, cancel, host loss) are checked against the model event by event. After every step the model's
 * observable variables must equal what the guest and the file system show: no partial file, no temporary file left,
 * the final name only for a whole copy. Every run is then validated by TLC against {@code TraceFileCopy}.
 */
class FileCopyModelBasedTest {

    /** Seed of the random walks (fixed in CI; printed with every failure). */
    static final long SEED = Long.getLong("hvref.mbt.seed", 0xF11E_C0DEL);

    static final String SPEC = "ic/MCFileCopyMbt";
    static final String CFG = "ic/MCFileCopyMbt.cfg";

    private static SpecFiles files;
    private static TlcRunner runner;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        runner = TlcRunner.usingClasspath();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** Traces and the validator's TraceOld flags of a batch of runs. */
    private record Batch(List<List<Map<String, Object>>> traces, List<Boolean> old, Map<String, Long> steps,
                         long[] compared) {
        Batch() {
            this(new ArrayList<>(), new ArrayList<>(), new TreeMap<>(), new long[1]);
        }

        long totalSteps() {
            return steps.values().stream().mapToLong(Long::longValue).sum();
        }

        TraceVerdict validate() {
            return new FileCopyTraceValidator(runner, files).validate(traces, old);
        }
    }

    @Test
    void javaGuestFollowsEveryEdgeOfTheStateGraph() throws IOException {
        StateGraph graph = TlcStateGraph.dump(files, runner, SPEC, CFG);
        Set<String> graphActions = new TreeSet<>();
        graph.edges().forEach(e -> graphActions.add(e.action()));
        Set<String> labels = new TreeSet<>();
        FileCopySpecModel.ALL_ACTIONS.forEach(a -> labels.add(label(a)));
        assertEquals(labels, graphActions, "action labels on the graph's edges");
        List<List<StateGraph.Edge>> paths = graph.edgeCover();
        Set<Integer> covered = new HashSet<>();
        Set<Integer> checked = new HashSet<>();
        Batch batch = new Batch();
        for (int p = 0; p < paths.size(); p++) {
            List<StateGraph.Edge> path = paths.get(p);
            String name = CFG + " path " + (p + 1) + "/" + paths.size();
            Map<String, Object> start = graph.state(path.get(0).from());
            assertTrue(graph.initials().contains(path.get(0).from()), name + " starts in an initial state");
            FileCopySpecModel initial = new FileCopySpecModel(start.get("final").equals("old"), true);
            assertEquals(start, initial.variables(), name + ": Init of the model vs TLC's initial state");
            List<FileCopySpecModel.Action> actions = actionsOf(name, path, graph, initial, checked);
            path.forEach(e -> covered.add(e.id()));
            replay(name, initial, actions, batch, (i, model) -> {
                if (!graph.state(path.get(i).to()).equals(model.variables())) {
                    fail(name + " step " + (i + 1) + " " + actions.get(i) + ": model " + model.variables()
                        + " vs TLC " + graph.state(path.get(i).to()) + " (expected: the same state)");
                }
            });
        }
        assertEquals(graph.edges().size(), covered.size(), "edges covered");
        assertEquals(new TreeSet<>(FileCopySpecModel.ALL_ACTIONS), batch.steps().keySet(),
            "every action taken on the Java guest");
        TraceVerdict v = batch.validate();
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.printf("[file copy model-based, state graph] %s: %d states (%d initial, %d with successors checked "
                + "against TLC), %d/%d edges covered by %d paths, %d steps, %d file-system states compared; trace "
                + "validation: %s%n  steps per action: %s%n", CFG, graph.stateCount(), graph.initials().size(),
            checked.size(), covered.size(), graph.edges().size(), paths.size(), batch.totalSteps(),
            batch.compared()[0], v, batch.steps());
    }

    @Test
    void javaGuestFollowsRandomHostileBehaviours() {
        Random seeds = new Random(SEED);
        Batch batch = new Batch();
        int walks = 40;
        for (int w = 0; w < walks; w++) {
            long seed = seeds.nextLong();
            Random rnd = new Random(seed);
            FileCopySpecModel initial = new FileCopySpecModel(rnd.nextBoolean(), true);
            List<FileCopySpecModel.Action> walk = new ArrayList<>();
            FileCopySpecModel m = initial.copy();
            while (walk.size() < 60) {
                List<FileCopySpecModel.Action> enabled = m.enabledActions();
                // host loss ends the copy: taken rarely while anything else is possible
                List<FileCopySpecModel.Action> calm = new ArrayList<>(enabled);
                calm.removeIf(a -> a.name().equals("HostVanish"));
                List<FileCopySpecModel.Action> pool = !calm.isEmpty() && rnd.nextInt(25) != 0 ? calm : enabled;
                if (pool.isEmpty() || !m.hostUp && !m.g.equals("open") && rnd.nextInt(3) == 0) {
                    break;
                }
                FileCopySpecModel.Action a = pool.get(rnd.nextInt(pool.size()));
                m.step(a);
                walk.add(a);
            }
            replay("hostile walk " + w + " seed=" + seed + " (-Dhvref.mbt.seed=" + SEED + ")", initial, walk, batch,
                null);
        }
        assertEquals(new TreeSet<>(FileCopySpecModel.ALL_ACTIONS), batch.steps().keySet(),
            "every FileCopy action taken on the Java guest");
        TraceVerdict v = batch.validate();
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.printf("[file copy model-based, hostile random walks seed=%d] %d walks, %d steps, %d file-system "
                + "states compared; trace validation: %s%n  steps per action: %s%n", SEED, walks, batch.totalSteps(),
            batch.compared()[0], v, batch.steps());
    }

    @Test
    void javaHostSessionsAndGuestFollowTheModel() throws IOException {
        Random seeds = new Random(SEED ^ 0x5E55_1017L);
        Batch batch = new Batch();
        int walks = 30;
        Set<HostCopyState> ends = new TreeSet<>();
        for (int w = 0; w < walks; w++) {
            long seed = seeds.nextLong();
            String name = "host-session walk " + w + " seed=" + seed + " (-Dhvref.mbt.seed=" + SEED + ")";
            ends.addAll(sessionWalk(name, new Random(seed), batch));
        }
        assertEquals(new TreeSet<>(List.of("GuestAbandon", "GuestCancel", "GuestComplete", "GuestReject",
                "GuestStartOk", "GuestWrite", "HostReceiveReply", "HostSendCancel", "HostSendComplete", "HostSendStart",
                "HostSendWrite", "HostVanish")), batch.steps().keySet(), "every action taken with host sessions");
        assertTrue(ends.containsAll(List.of(HostCopyState.COMPLETED, HostCopyState.CANCELLED, HostCopyState.FAILED,
            HostCopyState.DISCONNECTED)), "host sessions ended " + ends);
        TraceVerdict v = batch.validate();
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.printf("[file copy model-based, host-session walks seed=%d] %d walks, %d steps, %d file-system "
                + "states compared, sessions ended %s; trace validation: %s%n  steps per action: %s%n", SEED, walks,
            batch.totalSteps(), batch.compared()[0], ends, v, batch.steps());
    }

    /**
     * One run of real host sessions against the guest: copies one after another (size 0..2 units, OVER_WRITE or not,
     * now and then a name the guest refuses), with random cancel() calls and host loss; every recorded event is
     * stepped on the model (it must be enabled) and the observable state compared after each exchange.
     */
    private Set<HostCopyState> sessionWalk(String name, Random rnd, Batch batch) throws IOException {
        Set<HostCopyState> ends = new HashSet<>();
        FileCopySpecModel model = new FileCopySpecModel(rnd.nextBoolean(), true);
        try (FileCopyJavaSides java = new FileCopyJavaSides(model.fin.equals("old"))) {
            List<FileCopySpecModel.Action> taken = new ArrayList<>();
            int copies = 1 + rnd.nextInt(4);
            boolean vanish = rnd.nextInt(3) == 0;
            for (int c = 0; c < copies && model.hostUp; c++) {
                FileCopyHostSession host = java.hostSession((long) rnd.nextInt(3) * FileCopyJavaSides.UNIT,
                    rnd.nextInt(6) == 0 ? FileCopyJavaSides.BAD_NAME : FileCopyJavaSides.TARGET, rnd.nextBoolean());
                int cancelAt = rnd.nextInt(4) == 0 ? rnd.nextInt(6) : -1;
                int vanishAt = vanish && c == copies - 1 ? rnd.nextInt(6) : -1;
                for (int k = 0; !host.state().terminal(); k++) {
                    int before = java.events().size();
                    if (k == vanishAt) {
                        java.sessionVanish(host);
                    } else if (java.reply() != null) {
                        java.sessionReceive(host);
                    } else {
                        if (k == cancelAt) {
                            host.cancel();
                            if (host.state().terminal()) {
                                break;
                            }
                        }
                        java.sessionSend(host);
                        follow(name, java, model, taken, before, batch);
                        before = java.events().size();
                        java.guestStep();
                    }
                    follow(name, java, model, taken, before, batch);
                }
                ends.add(host.state());
                host.close();
            }
            if (!model.hostUp) {
                int before = java.events().size();
                java.perform(FileCopySpecModel.Action.of("GuestAbandon"), false);
                follow(name, java, model, taken, before, batch);
            }
            batch.traces().add(java.events().stream().map(TraceEvent::toRecord).toList());
            batch.old().add(java.targetExisted());
        }
        return ends;
    }

    /** Steps the model along the events recorded since {@code from} and compares the observable state. */
    private static void follow(String name, FileCopyJavaSides java, FileCopySpecModel model,
                               List<FileCopySpecModel.Action> taken, int from, Batch batch) {
        for (TraceEvent e : List.copyOf(java.events().subList(from, java.events().size()))) {
            FileCopySpecModel.Action a = actionOf(e);
            if (!model.enabled(a)) {
                fail(name + ": the Java sides took " + a + " (event " + e + "), not enabled in " + model
                    + " (expected: a FileCopy step)\n  actions so far: " + taken);
            }
            model.step(a);
            taken.add(a);
            batch.steps().merge(a.name(), 1L, Long::sum);
        }
        compare(name, taken.size() - 1, taken, model, java);
        batch.compared()[0]++;
    }

    /** The FileCopy action (in units) of a recorded event. */
    static FileCopySpecModel.Action actionOf(TraceEvent e) {
        return switch (e.action()) {
            case "HostSendStart" -> new FileCopySpecModel.Action(e.action(), Boolean.TRUE.equals(e.get("ow")) ? 1 : 0,
                (int) (e.getLong("size") / FileCopyJavaSides.UNIT));
            case "HostSendWrite" -> new FileCopySpecModel.Action(e.action(),
                (int) (e.getLong("off") / FileCopyJavaSides.UNIT), (int) (e.getLong("len") / FileCopyJavaSides.UNIT));
            case "HostReceiveReply" -> new FileCopySpecModel.Action(e.action(), Boolean.TRUE.equals(e.get("ok")) ? 1
                : 0, 0);
            default -> FileCopySpecModel.Action.of(e.action());
        };
    }

    /** Called after each model step of a replay. */
    @FunctionalInterface
    interface StepCheck {
        void afterStep(int index, FileCopySpecModel model);
    }

    /**
     * Replays {@code actions} on the model and on the guest with the scripted host in lock step: each step must be
     * enabled in the model, record exactly its event, and leave the observable states equal.
     */
    private static void replay(String name, FileCopySpecModel initial, List<FileCopySpecModel.Action> actions,
                               Batch batch, StepCheck check) {
        FileCopySpecModel model = initial.copy();
        try (FileCopyJavaSides java = new FileCopyJavaSides(model.fin.equals("old"))) {
            compare(name, -1, actions, model, java);
            batch.compared()[0]++;
            for (int i = 0; i < actions.size(); i++) {
                FileCopySpecModel.Action a = actions.get(i);
                if (!model.enabled(a)) {
                    fail(name + " step " + (i + 1) + ": " + a + " not enabled in " + model);
                }
                boolean startWouldBeOk = model.enabled(FileCopySpecModel.Action.of("GuestStartOk"));
                model.step(a);
                if (check != null) {
                    check.afterStep(i, model);
                }
                int before = java.events().size();
                try {
                    java.perform(a, startWouldBeOk);
                } catch (RuntimeException e) {
                    throw new AssertionError(name + " step " + (i + 1) + " " + a + ": the Java call threw " + e
                        + " (expected: the step taken)\n  actions so far: " + actions.subList(0, i + 1), e);
                }
                List<TraceEvent> ev = java.events().subList(before, java.events().size());
                if (ev.size() != 1 || !actionOf(ev.get(0)).equals(a)) {
                    fail(name + " step " + (i + 1) + ": the Java sides recorded " + ev + " (expected: " + a
                        + ")\n  actions so far: " + actions.subList(0, i + 1) + "\n  model: " + model);
                }
                batch.steps().merge(a.name(), 1L, Long::sum);
                compare(name, i, actions, model, java);
                batch.compared()[0]++;
            }
            batch.traces().add(java.events().stream().map(TraceEvent::toRecord).toList());
            batch.old().add(java.targetExisted());
        }
    }

    private static void compare(String name, int i, List<FileCopySpecModel.Action> actions, FileCopySpecModel model,
                                FileCopyJavaSides java) {
        Map<String, Object> m = model.observable();
        Map<String, Object> j = java.observable();
        if (!m.equals(j)) {
            fail(name + " after step " + (i + 1) + ": model " + m + " vs Java " + j + " (expected: the same)"
                + "\n  actions so far: " + actions.subList(0, Math.min(actions.size(), i + 1)) + "\n  events: "
                + java.events());
        }
    }

    /**
     * The actions of a path: the parameters (not on DOT edges) are those of the one enabled action of the edge's
     * name whose successor is TLC's target state. Each state visited for the first time has its successors (without
     * stuttering) compared with TLC's.
     */
    static List<FileCopySpecModel.Action> actionsOf(String name, List<StateGraph.Edge> path, StateGraph graph,
                                                    FileCopySpecModel initial, Set<Integer> checked) {
        FileCopySpecModel m = initial.copy();
        List<FileCopySpecModel.Action> actions = new ArrayList<>();
        for (StateGraph.Edge e : path) {
            if (checked.add(e.from())) {
                checkSuccessors(name, m, graph, e.from());
            }
            FileCopySpecModel.Action found = null;
            for (FileCopySpecModel.Action a : m.enabledActions()) {
                if (label(a.name()).equals(e.action())) {
                    FileCopySpecModel next = m.copy();
                    next.step(a);
                    if (next.variables().equals(graph.state(e.to()))) {
                        found = a;
                        break;
                    }
                }
            }
            if (found == null) {
                fail(name + ": no enabled " + e.action() + " of the model leads to TLC's state " + graph.state(e.to())
                    + " from " + m + " (expected: one)");
            }
            m.step(found);
            actions.add(found);
        }
        int last = path.get(path.size() - 1).to();
        if (checked.add(last)) {
            checkSuccessors(name, m, graph, last);
        }
        return actions;
    }

    /** The DOT label of an action: TLC names an edge after the innermost operator, HostSend for the four sends. */
    static String label(String action) {
        return action.startsWith("HostSend") ? "HostSend" : action;
    }

    private static void checkSuccessors(String name, FileCopySpecModel m, StateGraph graph, int node) {
        Set<Map<String, Object>> mine = new HashSet<>();
        for (FileCopySpecModel.Action a : m.enabledActions()) {
            FileCopySpecModel next = m.copy();
            next.step(a);
            mine.add(next.variables());
        }
        mine.remove(m.variables()); // stuttering steps are not edges of the dump
        Set<Map<String, Object>> tlc = new HashSet<>();
        graph.out(node).forEach(o -> tlc.add(graph.state(o.to())));
        tlc.remove(graph.state(node));
        if (!tlc.equals(mine)) {
            fail(name + ": successors of " + m + ": model " + mine.size() + ", TLC " + tlc.size()
                + " (expected: the same states)");
        }
    }
}
