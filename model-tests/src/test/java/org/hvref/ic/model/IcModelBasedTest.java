package org.hvref.ic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.mbt.StateGraph;
import org.hvref.mbt.TlaValues;
import org.hvref.mbt.TlcStateGraph;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model-based test of the Java IC host ({@code IcHostNegotiator}) and guest ({@code IcServiceClient}) against
 * {@code IcNegotiation.tla} (tla-practice.md "Model-based tests"; the channel precedent {@code
 * org.hvref.channel.model.ChannelModelBasedTest}): a greedy edge cover of TLC's complete state graph of each {@code
 * MCIcNegotiationMbt_*.cfg} (one guest family each; Init chooses the host offer and the consumer), and seeded random
 * walks of {@link IcSpecModel} with more offers and requests, are replayed step by step on the naive model and on the
 * Java sides ({@link IcLockstepReplay}); every replayed run is then validated by TLC against {@code
 * TraceIcNegotiation} in one batch per graph or walk test.
 *
 * <p>On the state graph the naive model is compared with TLC itself: from every state a path visits, the model's
 * successor states must be exactly TLC's, and after every edge all 15 variables must equal TLC's target state.
 */
class IcModelBasedTest {

    /** Seed of the random walks (fixed in CI; printed with every failure). */
    static final long SEED = Long.getLong("hvref.mbt.seed", 0x1C_5EEDL);

    static final String SPEC = "ic/MCIcNegotiation";

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ic/MCIcNegotiationMbt_linux.cfg", "ic/MCIcNegotiationMbt_mac.cfg",
        "ic/MCIcNegotiationMbt_freebsd.cfg"})
    void javaSidesFollowEveryEdgeOfTheStateGraph(String cfg) throws IOException {
        IcSpecModel.Config config = configOf(cfg);
        StateGraph graph = TlcStateGraph.dump(files, runner, SPEC, cfg);
        Set<String> graphActions = new TreeSet<>();
        graph.edges().forEach(e -> graphActions.add(e.action()));
        Set<String> expected = new TreeSet<>(IcSpecModel.ALL_ACTIONS);
        if (!config.policy().equals("freebsd")) {
            expected.remove("HostNegotiateTimeout"); // Linux and MacHyperVSupport always answer: no timeout
        }
        assertEquals(expected, graphActions, cfg + ": actions on the graph's edges");
        List<List<StateGraph.Edge>> paths = graph.edgeCover();
        Set<Integer> covered = new HashSet<>();
        Set<Integer> successorsChecked = new HashSet<>();
        Map<String, Long> steps = new TreeMap<>();
        long compared = 0;
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            List<StateGraph.Edge> path = paths.get(p);
            String name = cfg + " path " + (p + 1) + "/" + paths.size();
            Map<String, Object> start = graph.state(path.get(0).from());
            assertTrue(graph.initials().contains(path.get(0).from()), name + " starts in an initial state");
            IcSpecModel initial = initialOf(config, start);
            assertEquals(start, initial.variables(), name + ": Init of the model vs TLC's initial state");
            List<IcSpecModel.Action> actions = actionsOf(name, path, graph, initial, successorsChecked);
            path.forEach(e -> covered.add(e.id()));
            IcLockstepReplay.Result r = IcLockstepReplay.run(name, config, initial, actions, (i, model) -> {
                Map<String, Object> tlc = graph.state(path.get(i).to());
                if (!tlc.equals(model.variables())) {
                    fail(name + " step " + (i + 1) + " " + actions.get(i) + ": IcSpecModel " + model.variables()
                        + " vs TLC " + tlc + " (expected: the same state)");
                }
            });
            compared += r.compared();
            r.actions().forEach((k, v) -> steps.merge(k, v, Long::sum));
            traces.add(r.trace());
        }
        assertEquals(graph.edges().size(), covered.size(), "edges covered");
        assertEquals(graphActions, steps.keySet(), "every action of the graph taken on the Java sides");
        TraceVerdict v = new IcTraceValidator(runner, files).validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.printf("[ic model-based, state graph] %s: %d states (%d initial, %d with successors checked "
                + "against TLC), %d/%d edges covered by %d paths, %d steps, %d abstract states compared; trace "
                + "validation: %s%n  steps per action: %s%n", cfg, graph.stateCount(), graph.initials().size(),
            successorsChecked.size(), covered.size(), graph.edges().size(), paths.size(),
            steps.values().stream().mapToLong(Long::longValue).sum(), compared, v, steps);
    }

    /** Guest configurations of the random walks: the three families with the shutdown lists of ic §1.5. */
    static final List<IcSpecModel.Config> WALK_CONFIGS = List.of(
        new IcSpecModel.Config("linux", List.of(v(3, 0), v(1, 0)), List.of(v(3, 2), v(3, 1), v(3, 0), v(1, 0)), 6),
        new IcSpecModel.Config("mac_hyperv_support", List.of(v(3, 0), v(1, 0)),
            List.of(v(3, 2), v(3, 1), v(3, 0), v(1, 0)), 6),
        new IcSpecModel.Config("freebsd", List.of(v(3, 0)), List.of(v(3, 0)), 6));

    /** Host offers of the random walks, {fw, msg}: more than the graphs' (unsorted, above and below the maxima). */
    static final List<List<List<Long>>> WALK_OFFERS = List.of(
        List.of(List.of(v(1, 0), v(3, 0)), List.of(v(1, 0), v(3, 0), v(3, 1), v(3, 2))),
        List.of(List.of(v(3, 0)), List.of(v(3, 0))),
        List.of(List.of(v(1, 0)), List.of(v(1, 0))),
        List.of(List.of(v(3, 0), v(1, 0)), List.of(v(2, 0), v(3, 1))),
        List.of(List.of(v(3, 0)), List.of(v(3, 1), v(3, 2))),
        List.of(List.of(v(4, 0), v(1, 0)), List.of(v(4, 0), v(2, 0), v(1, 0))),
        List.of(List.of(v(3, 0)), List.of(v(2, 0))),
        List.of(List.of(v(5, 0)), List.of(v(3, 0))));

    static long v(int major, int minor) {
        return ((long) major << 16) | minor;
    }

    @Test
    void javaSidesFollowRandomBehaviours() {
        Random seeds = new Random(SEED);
        Map<String, Long> steps = new TreeMap<>();
        long compared = 0;
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        int walks = 48;
        for (int w = 0; w < walks; w++) {
            long seed = seeds.nextLong();
            Random rnd = new Random(seed);
            IcSpecModel.Config config = WALK_CONFIGS.get(w % WALK_CONFIGS.size());
            List<List<Long>> offer = WALK_OFFERS.get(rnd.nextInt(WALK_OFFERS.size()));
            IcSpecModel initial = new IcSpecModel(config, offer.get(0), offer.get(1), rnd.nextInt(4) != 0);
            List<IcSpecModel.Action> walk = randomWalk(initial, rnd, 40);
            String name = "random walk " + w + " " + config.policy() + " seed=" + seed + " (-Dhvref.mbt.seed=" + SEED
                + ")";
            IcLockstepReplay.Result r = IcLockstepReplay.run(name, config, initial, walk, null);
            compared += r.compared();
            r.actions().forEach((k, n) -> steps.merge(k, n, Long::sum));
            traces.add(r.trace());
        }
        assertEquals(new TreeSet<>(IcSpecModel.ALL_ACTIONS), steps.keySet(), "every action taken on the Java sides");
        TraceVerdict v = new IcTraceValidator(runner, files).validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        // the replayed traces are not accepted blindly: a flipped verdict (answer directly followed by its receive)
        // is rejected at the answer or at the receive
        int t = -1;
        int k = -1;
        for (int i = 0; i < traces.size() && t < 0; i++) {
            for (int j = 0; j + 1 < traces.get(i).size(); j++) {
                if (traces.get(i).get(j).get("e").equals("GuestRcvRequest")
                    && traces.get(i).get(j + 1).get("e").equals("HostRcvResponse")) {
                    t = i;
                    k = j;
                    break;
                }
            }
        }
        assertTrue(t >= 0, "some walk has an answer directly followed by its receive");
        List<Map<String, Object>> bad = new ArrayList<>(traces.get(t));
        Map<String, Object> flipped = new LinkedHashMap<>(bad.get(k));
        flipped.put("ok", !Boolean.TRUE.equals(flipped.get("ok")));
        bad.set(k, flipped);
        TraceVerdict.Rejected rej = assertInstanceOf(TraceVerdict.Rejected.class,
            new IcTraceValidator(runner, files).validate(List.of(bad)));
        assertTrue(rej.eventIndex() == k || rej.eventIndex() == k + 1, "flipped verdict rejected at event "
            + rej.eventIndex() + " (expected: " + k + " or " + (k + 1) + ")");
        System.out.printf("[ic model-based, random walks seed=%d] %d walks, %d steps, %d abstract states compared; "
                + "trace validation: %s%n  steps per action: %s%n", SEED, walks,
            steps.values().stream().mapToLong(Long::longValue).sum(), compared, v, steps);
    }

    /** A random behaviour of the model: host or guest side first, then one of its enabled actions. */
    static List<IcSpecModel.Action> randomWalk(IcSpecModel initial, Random rnd, int maxSteps) {
        IcSpecModel m = initial.copy();
        List<IcSpecModel.Action> walk = new ArrayList<>();
        while (walk.size() < maxSteps) {
            List<IcSpecModel.Action> all = m.enabledActions();
            if (all.isEmpty()) {
                break;
            }
            List<IcSpecModel.Action> host = new ArrayList<>();
            List<IcSpecModel.Action> guest = new ArrayList<>();
            all.forEach(a -> (a.name().startsWith("Host") ? host : guest).add(a));
            List<IcSpecModel.Action> side = host.isEmpty() ? guest : guest.isEmpty() ? host
                : rnd.nextBoolean() ? host : guest;
            IcSpecModel.Action a = side.get(rnd.nextInt(side.size()));
            m.step(a);
            walk.add(a);
        }
        return walk;
    }

    /**
     * The actions of a path: GuestRcvRequest's verdict (not on DOT edges) is the one whose successor is TLC's target
     * state (when both lead there, the refusal). Each state visited for the first time also has its successor states
     * compared with TLC's.
     */
    static List<IcSpecModel.Action> actionsOf(String name, List<StateGraph.Edge> path, StateGraph graph,
                                              IcSpecModel initial, Set<Integer> checked) {
        IcSpecModel m = initial.copy();
        List<IcSpecModel.Action> actions = new ArrayList<>();
        for (StateGraph.Edge e : path) {
            List<IcSpecModel.Action> enabled = m.enabledActions();
            if (checked.add(e.from())) {
                checkSuccessors(name, m, graph, e.from());
            }
            IcSpecModel.Action found = null;
            for (IcSpecModel.Action a : enabled) {
                if (a.name().equals(e.action())) {
                    IcSpecModel next = m.copy();
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

    /** The model's successor states of {@code m} must be exactly TLC's of state {@code node}. */
    private static void checkSuccessors(String name, IcSpecModel m, StateGraph graph, int node) {
        Set<Map<String, Object>> mine = new HashSet<>();
        for (IcSpecModel.Action a : m.enabledActions()) {
            IcSpecModel next = m.copy();
            next.step(a);
            mine.add(next.variables());
        }
        Set<Map<String, Object>> tlc = new HashSet<>();
        graph.out(node).forEach(o -> tlc.add(graph.state(o.to())));
        if (!tlc.equals(mine)) {
            fail(name + ": successors of " + m + ": model " + mine + ", TLC " + tlc + " (expected: the same states)");
        }
    }

    /** The model's Init for TLC's initial state {@code s} (Init chooses the offer and the consumer). */
    @SuppressWarnings("unchecked")
    static IcSpecModel initialOf(IcSpecModel.Config config, Map<String, Object> s) {
        Map<String, Object> offer = (Map<String, Object>) s.get("offer");
        return new IcSpecModel(config, (List<Long>) offer.get("fw"), (List<Long>) offer.get("msg"),
            (Boolean) s.get("consumer"));
    }

    private static final Pattern CONSTANT = Pattern.compile("^\\s+(\\w+) (=|<-) (.+?)\\s*$");
    private static final Pattern VERSION = Pattern.compile("(?m)^(V\\d+) == (\\d+)$");

    /** The constants of a cfg of MCIcNegotiation (every hazard switch must be FALSE). */
    static IcSpecModel.Config configOf(String cfg) throws IOException {
        String mc = Files.readString(files.resolve("ic/MCIcNegotiation.tla"), StandardCharsets.UTF_8);
        Map<String, String> versions = new HashMap<>();
        Matcher vm = VERSION.matcher(mc);
        while (vm.find()) {
            versions.put(vm.group(1), vm.group(2));
        }
        Map<String, Object> c = new HashMap<>();
        for (String line : Files.readAllLines(files.resolve(cfg), StandardCharsets.UTF_8)) {
            Matcher m = CONSTANT.matcher(line);
            if (!m.matches() || m.group(1).equals("OfferChoices")) {
                continue;
            }
            String value = m.group(3);
            if (m.group(2).equals("<-")) {
                Matcher def = Pattern.compile("(?m)^" + Pattern.quote(value) + " == (.+)$").matcher(mc);
                if (!def.find()) {
                    throw new IllegalArgumentException(cfg + ": " + value + " (expected: defined in MCIcNegotiation)");
                }
                value = def.group(1).trim();
                for (Map.Entry<String, String> e : versions.entrySet()) {
                    value = value.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
                }
            }
            c.put(m.group(1), TlaValues.parse(value));
        }
        for (Map.Entry<String, Object> e : c.entrySet()) {
            if (e.getKey().startsWith("Bug") && !Boolean.FALSE.equals(e.getValue())) {
                throw new IllegalArgumentException(cfg + ": " + e.getKey() + " = " + e.getValue()
                    + " (expected: FALSE in a good configuration)");
            }
        }
        return new IcSpecModel.Config((String) c.get("Policy"), longs(c.get("GuestFw")), longs(c.get("GuestMsg")),
            ((Long) c.get("MaxRequests")).intValue());
    }

    private static List<Long> longs(Object seq) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) seq) {
            out.add((Long) o);
        }
        return out;
    }
}
