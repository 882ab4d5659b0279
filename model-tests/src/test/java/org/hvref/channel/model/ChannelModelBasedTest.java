package org.hvref.channel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.mbt.StateGraph;
import org.hvref.mbt.TlcStateGraph;
import org.hvref.mbt.TlaValues;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model-based test of the Java VMBus host and guest cores against {@code VmbusChannel.tla} (tla-practice.md
 * "Model-based tests"; the ring precedent {@code org.hvref.ring.model.RingModelBasedTest}): a greedy edge cover of
 * TLC's complete state graphs of {@code MCVmbusChannelMbt.cfg} and {@code MCVmbusChannelMbt_old_host.cfg}, and
 * seeded random walks of {@link ChannelSpecModel} on a larger configuration, are replayed step by step on the naive
 * model and on the Java cores ({@link ChannelLockstepReplay}); every replayed run is then validated by TLC against
 * {@code TraceVmbusChannel} in one batch per graph or per walk test.
 *
 * <p>On the state graph the naive model is compared with TLC itself: from every state the path visits, the model's
 * successor states must be exactly TLC's, and after every edge all 20 variables must equal TLC's target state.
 */
class ChannelModelBasedTest {

    /** Seed of the random walks (fixed in CI; printed with every failure). */
    static final long SEED = Long.getLong("hvref.mbt.seed", 0x5EED_C4A7L);

    static final String SPEC = "channel/MCVmbusChannelMbt";
    static final String CFG = "channel/MCVmbusChannelMbt.cfg";
    /** Old host: version 2 undeliverable, no MODIFYCHANNEL_RESPONSE at version 1. */
    static final String CFG_OLD_HOST = "channel/MCVmbusChannelMbt_old_host.cfg";

    /** Actions no behaviour of a cfg can take (the old host never sends MODIFYCHANNEL_RESPONSE). */
    static final Map<String, Set<String>> NEVER_ENABLED = Map.of(CFG, Set.of(),
        CFG_OLD_HOST, Set.of("GuestRcvModifyChannelResponse"));

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
    @ValueSource(strings = {CFG, CFG_OLD_HOST})
    void javaCoresFollowEveryEdgeOfTheStateGraph(String cfg) throws IOException {
        ChannelSpecModel.Config config = configOf(cfg);
        StateGraph graph = dumpStateGraph(cfg);
        Set<String> expectedActions = new TreeSet<>(ChannelSpecModel.ALL_ACTIONS);
        expectedActions.removeAll(NEVER_ENABLED.get(cfg));
        Set<String> graphActions = new TreeSet<>();
        graph.edges().forEach(e -> graphActions.add(e.action()));
        assertEquals(expectedActions, graphActions, cfg + ": the actions on the state graph's edges");
        assertEquals(graph.state(graph.initial()), new ChannelSpecModel(config).variables(),
            "Init of the model vs TLC's initial state");
        List<List<StateGraph.Edge>> paths = graph.edgeCover();
        Set<Integer> covered = new HashSet<>();
        Set<Integer> successorsChecked = new HashSet<>();
        Set<Map<String, Object>> probed = new HashSet<>();
        ChannelLockstepReplay replay = new ChannelLockstepReplay(config, true, probed);
        ChannelLockstepReplay.Stats stats = ChannelLockstepReplay.Stats.none();
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            List<StateGraph.Edge> path = paths.get(p);
            String name = cfg + " path " + (p + 1) + "/" + paths.size();
            List<ChannelSpecModel.Action> actions = actionsOf(name, path, graph, config, successorsChecked);
            path.forEach(e -> covered.add(e.id()));
            ChannelLockstepReplay.Result r = replay.run(name, actions, (i, model) -> {
                Map<String, Object> tlc = graph.state(path.get(i).to());
                Map<String, Object> mine = model.variables();
                if (!tlc.equals(mine)) {
                    fail(name + " step " + (i + 1) + " " + actions.get(i) + ": ChannelSpecModel differs from TLC: "
                        + diff(tlc, mine) + " (expected: the same state)");
                }
            });
            stats = stats.add(r.stats());
            traces.add(r.trace());
        }
        assertEquals(graph.edges().size(), covered.size(), "edges covered");
        assertEquals(expectedActions, stats.actions().keySet(), "every action of the graph taken on the Java cores");
        TraceVerdict v = new ChannelTraceValidator(runner, files).validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.printf("[channel model-based, state graph] %s: %d states (%d with successors checked against "
                + "TLC), %d/%d edges covered by %d paths, %d steps, %d abstract states compared, %d refused calls "
                + "probed in %d states; trace validation: %s%n  steps per action: %s%n", cfg, graph.stateCount(),
            successorsChecked.size(), covered.size(), graph.edges().size(), paths.size(), stats.steps(),
            stats.compared(), stats.probes(), probed.size(), v, stats.actions());
    }

    @Test
    void javaCoresFollowRandomBehaviours() {
        // larger than the graph's model: two handles, two bodies, two hot offers, three connections
        ChannelSpecModel.Config config = new ChannelSpecModel.Config(1, 2, List.of(1), List.of(0), 2, 3, 2,
            List.of(2, 1), Set.of(1), Set.of(), true, true, true, 1, 1, false);
        Random seeds = new Random(SEED);
        ChannelLockstepReplay replay = new ChannelLockstepReplay(config, true, new HashSet<>());
        ChannelLockstepReplay.Stats total = ChannelLockstepReplay.Stats.none();
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            long seed = seeds.nextLong();
            List<ChannelSpecModel.Action> walk = randomWalk(config, seed, 200);
            String name = "random walk seed=" + seed + " (-Dhvref.mbt.seed=" + SEED + ")";
            ChannelLockstepReplay.Result r = replay.run(name, walk, null);
            total = total.add(r.stats());
            traces.add(r.trace());
        }
        assertEquals(new TreeSet<>(ChannelSpecModel.ALL_ACTIONS), total.actions().keySet(),
            "every VmbusChannel action taken on the Java cores");
        TraceVerdict v = new ChannelTraceValidator(runner, files).validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.printf("[channel model-based, random walks seed=%d] %d walks, %d steps, %d abstract states "
                + "compared, %d refused calls probed; trace validation: %s%n  steps per action: %s%n", SEED,
            total.runs(), total.steps(), total.compared(), total.probes(), v, total.actions());
    }

    private static final Set<String> DISRUPTIVE = Set.of("GuestSendUnload", "HostSendRescind");

    /**
     * A random behaviour of the model: at each step one side (host or guest) with an enabled action is chosen, then
     * one of its enabled actions (unload and rescind with a lower weight).
     */
    static List<ChannelSpecModel.Action> randomWalk(ChannelSpecModel.Config config, long seed, int maxSteps) {
        Random rnd = new Random(seed);
        ChannelSpecModel m = new ChannelSpecModel(config);
        List<ChannelSpecModel.Action> walk = new ArrayList<>();
        while (walk.size() < maxSteps) {
            List<ChannelSpecModel.Action> all = m.enabledActions();
            if (all.isEmpty()) {
                break;
            }
            // unload and rescind end most of what is going on: taken rarely while anything else is possible
            List<ChannelSpecModel.Action> calm = new ArrayList<>(all);
            calm.removeIf(x -> DISRUPTIVE.contains(x.name()));
            List<ChannelSpecModel.Action> pool = !calm.isEmpty() && rnd.nextInt(12) != 0 ? calm : all;
            List<ChannelSpecModel.Action> host = new ArrayList<>();
            List<ChannelSpecModel.Action> guest = new ArrayList<>();
            for (ChannelSpecModel.Action a : pool) {
                (a.name().startsWith("Host") ? host : guest).add(a);
            }
            List<ChannelSpecModel.Action> side = host.isEmpty() ? guest : guest.isEmpty() ? host
                : rnd.nextBoolean() ? host : guest;
            ChannelSpecModel.Action a = side.get(rnd.nextInt(side.size()));
            m.step(a);
            walk.add(a);
        }
        return walk;
    }

    /**
     * The actions of a path: the parameters (not on DOT edges) are those of the one enabled action of the edge's
     * name whose successor is TLC's target state. Each state visited for the first time also has its successor
     * states compared with TLC's.
     */
    static List<ChannelSpecModel.Action> actionsOf(String name, List<StateGraph.Edge> path, StateGraph graph,
                                                   ChannelSpecModel.Config config, Set<Integer> checked) {
        ChannelSpecModel m = new ChannelSpecModel(config);
        List<ChannelSpecModel.Action> actions = new ArrayList<>();
        for (StateGraph.Edge e : path) {
            List<ChannelSpecModel.Action> enabled = m.enabledActions();
            if (checked.add(e.from())) {
                Set<Map<String, Object>> mine = new HashSet<>();
                for (ChannelSpecModel.Action a : enabled) {
                    ChannelSpecModel next = m.copy();
                    next.step(a);
                    mine.add(next.variables());
                }
                Set<Map<String, Object>> tlc = new HashSet<>();
                graph.out(e.from()).forEach(o -> tlc.add(graph.state(o.to())));
                if (!tlc.equals(mine)) {
                    fail(name + ": successors of " + m + ": model " + mine.size() + ", TLC " + tlc.size()
                        + " (expected: the same states)");
                }
            }
            ChannelSpecModel.Action found = null;
            for (ChannelSpecModel.Action a : enabled) {
                if (a.name().equals(e.action())) {
                    ChannelSpecModel next = m.copy();
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
        return actions;
    }

    private static final Pattern CONSTANT = Pattern.compile("^\\s+(\\w+) (=|<-) (.+?)\\s*$");

    /** The constants of a cfg of MCVmbusChannelMbt (every hazard switch must be FALSE). */
    static ChannelSpecModel.Config configOf(String cfg) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        String mc = Files.readString(files.resolve("channel/MCVmbusChannel.tla"), StandardCharsets.UTF_8);
        for (String line : Files.readAllLines(files.resolve(cfg), StandardCharsets.UTF_8)) {
            Matcher m = CONSTANT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(3);
            if (m.group(2).equals("<-")) {
                Matcher def = Pattern.compile("(?m)^" + Pattern.quote(value) + " == (.+)$").matcher(mc);
                if (!def.find()) {
                    throw new IllegalArgumentException(cfg + ": " + value + " (expected: defined in MCVmbusChannel)");
                }
                value = def.group(1).trim();
            }
            c.put(m.group(1), m.group(1).equals("PrimaryOf") ? value : TlaValues.parse(value));
        }
        for (Map.Entry<String, Object> e : c.entrySet()) {
            if (e.getKey().startsWith("Bug") && !Boolean.FALSE.equals(e.getValue())) {
                throw new IllegalArgumentException(cfg + ": " + e.getKey() + " = " + e.getValue()
                    + " (expected: FALSE in a good configuration)");
            }
        }
        int relids = upTo(c.get("RelidSet"));
        return new ChannelSpecModel.Config(relids, upTo(c.get("HandleSet")), ints(c.get("InitialOffers")),
            primaryOf(cfg, (String) c.get("PrimaryOf"), relids), ((Long) c.get("MaxHotOffers")).intValue(),
            ((Long) c.get("MaxConnects")).intValue(), ((Long) c.get("MaxBodies")).intValue(),
            ints(c.get("GuestVersions")), new HashSet<>(ints(c.get("HostVersions"))),
            new HashSet<>(ints(c.get("UndeliverableVersions"))), (Boolean) c.get("HostMayRefuseGpadl"),
            (Boolean) c.get("HostMayFailOpen"), (Boolean) c.get("HostMayFailModify"),
            ((Long) c.get("ModifyMinVersion")).intValue(), ((Long) c.get("ModifyResponseMinVersion")).intValue(),
            oneModifyInFlight(cfg));
    }

    /** Whether the cfg's ACTION_CONSTRAINT is JavaChoicesOneModify (else it must be JavaChoices). */
    private static boolean oneModifyInFlight(String cfg) throws IOException {
        for (String line : Files.readAllLines(files.resolve(cfg), StandardCharsets.UTF_8)) {
            if (line.startsWith("ACTION_CONSTRAINT ")) {
                String name = line.substring("ACTION_CONSTRAINT ".length()).trim();
                if (name.equals("JavaChoices") || name.equals("JavaChoicesOneModify")) {
                    return name.equals("JavaChoicesOneModify");
                }
                throw new IllegalArgumentException(cfg + ": ACTION_CONSTRAINT " + name
                    + " (expected: JavaChoices or JavaChoicesOneModify)");
            }
        }
        throw new IllegalArgumentException(cfg + ": no ACTION_CONSTRAINT (expected: JavaChoices)");
    }

    private static final Pattern PRIMARY_OF = Pattern.compile("\\[(\\w+) \\\\in RelidSet \\|-> (.+)\\]");
    private static final Pattern IF_EQ = Pattern.compile("IF (\\w+) = (\\d+) THEN (\\d+) ELSE (\\d+)");

    /**
     * PrimaryOf as a list over relids 1..n, from the two forms MCVmbusChannel.tla defines it with:
     * {@code [r \in RelidSet |-> k]} and {@code [r \in RelidSet |-> IF r = a THEN b ELSE k]}.
     */
    static List<Integer> primaryOf(String cfg, String value, int relids) {
        Matcher f = value == null ? null : PRIMARY_OF.matcher(value);
        if (f == null || !f.matches()) {
            throw new IllegalArgumentException(cfg + ": PrimaryOf " + value
                + " (expected: [r \\in RelidSet |-> ...])");
        }
        String body = f.group(2).trim();
        List<Integer> out = new ArrayList<>();
        Matcher cond = IF_EQ.matcher(body);
        for (int r = 1; r <= relids; r++) {
            if (body.matches("\\d+")) {
                out.add(Integer.parseInt(body));
            } else if (cond.matches() && cond.group(1).equals(f.group(1))) {
                out.add(Integer.parseInt(cond.group(r == Integer.parseInt(cond.group(2)) ? 3 : 4)));
            } else {
                throw new IllegalArgumentException(cfg + ": PrimaryOf body " + body
                    + " (expected: k or IF r = a THEN b ELSE k)");
            }
        }
        return out;
    }

    private static List<Integer> ints(Object collection) {
        List<Integer> out = new ArrayList<>();
        for (Object o : (Iterable<?>) collection) {
            out.add(((Long) o).intValue());
        }
        return out;
    }

    /** n for the set 1..n. */
    private static int upTo(Object set) {
        Set<Integer> s = new TreeSet<>(ints(set));
        for (int i = 1; i <= s.size(); i++) {
            if (!s.contains(i)) {
                throw new IllegalArgumentException("set " + set + " (expected: 1..n)");
            }
        }
        return s.size();
    }

    /** Runs TLC once on {@code cfg} of MCVmbusChannelMbt and dumps the complete state graph. */
    static StateGraph dumpStateGraph(String cfg) throws IOException {
        return TlcStateGraph.dump(files, runner, SPEC, cfg);
    }

    private static String diff(Map<String, Object> tlc, Map<String, Object> mine) {
        StringBuilder sb = new StringBuilder();
        for (String k : new TreeSet<>(tlc.keySet())) {
            if (!tlc.get(k).equals(mine.get(k))) {
                sb.append(k).append(": TLC ").append(tlc.get(k)).append(" vs model ").append(mine.get(k)).append("; ");
            }
        }
        if (!tlc.keySet().equals(mine.keySet())) {
            sb.append("variables: TLC ").append(tlc.keySet()).append(" vs model ").append(mine.keySet());
        }
        return sb.toString();
    }
}
