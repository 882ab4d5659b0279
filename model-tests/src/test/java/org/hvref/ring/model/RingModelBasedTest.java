package org.hvref.ring.model;

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
import org.hvref.ring.RingActions;
import org.hvref.ring.trace.RingTraceChecker;
import org.hvref.spec.trace.TraceVerdict;
import org.junit.jupiter.api.Test;

/**
 * Model-based test of the Java ring against {@code VmbusRing.tla} (STYLE.md B21, tla-practice.md "Model-based
 * tests"): action sequences from TLC's complete state graph of MCVmbusRing's configurations (a greedy edge cover)
 * and from seeded random walks of {@link RingSpecModel} are replayed step by step on the naive model and on the
 * Java ring ({@link LockstepReplay}); every replayed run is then fed back through trace validation.
 *
 * <p>On the state graph the model is also compared with TLC itself: after every edge, all 22 variables of
 * {@link RingSpecModel} must equal the target state TLC printed, so the naive transcription cannot drift from the
 * spec unnoticed.
 */
class RingModelBasedTest {

    /** Seed of the random walks (fixed in CI; printed with every failure). */
    static final long SEED = Long.getLong("hvref.mbt.seed", 0x5EED_2026L);

    /** The good configurations whose state graphs are covered. */
    static final List<String> GRAPH_CFGS = List.of("ring/MCVmbusRing.cfg", "ring/MCVmbusRing_nofeat.cfg");

    @Test
    void javaRingFollowsEveryEdgeOfTheStateGraph() throws IOException {
        List<RingTraceChecker.Trace> traces = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        LockstepReplay.Stats total = LockstepReplay.Stats.none();
        for (String cfg : GRAPH_CFGS) {
            RingSpecModel.Config config = configOf(cfg);
            StateGraph graph = dumpStateGraph(cfg);
            List<List<StateGraph.Edge>> paths = graph.edgeCover();
            Set<Integer> covered = new HashSet<>();
            Set<Map<String, Object>> probed = new HashSet<>();
            LockstepReplay replay = new LockstepReplay(config, true, probed);
            LockstepReplay.Stats stats = LockstepReplay.Stats.none();
            for (int p = 0; p < paths.size(); p++) {
                List<StateGraph.Edge> path = paths.get(p);
                List<RingSpecModel.Action> actions = new ArrayList<>();
                for (StateGraph.Edge e : path) {
                    actions.add(actionOf(e, graph));
                    covered.add(e.id());
                }
                assertEquals(graph.state(graph.initial()), new RingSpecModel(config).variables(),
                    cfg + ": Init of the model vs TLC's initial state");
                String name = cfg + " path " + (p + 1) + "/" + paths.size();
                LockstepReplay.Result r = replay.run(name, actions, (i, model) -> {
                    Map<String, Object> tlc = graph.state(path.get(i).to());
                    Map<String, Object> mine = model.variables();
                    if (!tlc.equals(mine)) {
                        fail(name + " step " + (i + 1) + " " + actions.get(i) + ": RingSpecModel differs from TLC: "
                            + diff(tlc, mine) + " (expected: the same state)");
                    }
                });
                stats = stats.add(r.stats());
                traces.add(new RingTraceChecker.Trace(name, config.dataSize(), config.feat(), r.trace()));
            }
            assertEquals(graph.edges().size(), covered.size(), cfg + ": edges covered");
            assertEquals(graph.stateCount(), probed.size(), cfg + ": states probed for refused calls");
            report.append(String.format("  %s: %d states, %d/%d edges covered by %d paths, %d steps compared, "
                    + "%d refused calls probed%n", cfg, graph.stateCount(), covered.size(), graph.edges().size(),
                paths.size(), stats.steps(), stats.probes()));
            total = total.add(stats);
        }
        assertEquals(new TreeSet<>(RingSpecModel.ALL_ACTIONS), total.actions().keySet(),
            "every VmbusRing action taken on the Java ring");
        TraceVerdict v = RingTraceChecker.validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.println("[model-based, state graph]\n" + report + "  trace validation: " + v
            + "\n  steps per action: " + total.actions());
    }

    @Test
    void javaRingFollowsRandomBehaviours() {
        List<RingSpecModel.Config> configs = List.of(
            RingSpecModel.Config.good(256, Set.of(24, 32, 40, 56, 64, 128, 248), 80, true),
            RingSpecModel.Config.good(256, Set.of(24, 32, 40, 56, 64, 128, 248), 80, false),
            RingSpecModel.Config.good(4096, Set.of(24, 1000, 2048, 4088), 40, true),
            RingSpecModel.Config.good(72, Set.of(24, 32, 64), 40, true));
        Random seeds = new Random(SEED);
        List<RingTraceChecker.Trace> traces = new ArrayList<>();
        LockstepReplay.Stats total = LockstepReplay.Stats.none();
        int walksPerConfig = 25;
        for (RingSpecModel.Config config : configs) {
            LockstepReplay replay = new LockstepReplay(config, true, new HashSet<>());
            for (int w = 0; w < walksPerConfig; w++) {
                long seed = seeds.nextLong();
                List<RingSpecModel.Action> walk = randomWalk(config, seed, 300);
                String name = "random walk seed=" + seed + " DataSize=" + config.dataSize() + " feat="
                    + config.feat() + " (-Dhvref.mbt.seed=" + SEED + ")";
                LockstepReplay.Result r = replay.run(name, walk, null);
                total = total.add(r.stats());
                traces.add(new RingTraceChecker.Trace(name, config.dataSize(), config.feat(), r.trace()));
            }
        }
        assertEquals(new TreeSet<>(RingSpecModel.ALL_ACTIONS), total.actions().keySet(),
            "every VmbusRing action taken on the Java ring");
        TraceVerdict v = RingTraceChecker.validate(traces);
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
        System.out.println("[model-based, random walks seed=" + SEED + "] " + total.runs() + " walks, "
            + total.steps() + " steps compared, " + total.probes() + " refused calls probed; trace validation: "
            + v + "\n  steps per action: " + total.actions());
    }

    /**
     * A random behaviour of the model: at each step one side with an enabled action is chosen, then one of its
     * enabled actions (a side's step is as likely as the other's, whatever its number of choices).
     */
    static List<RingSpecModel.Action> randomWalk(RingSpecModel.Config config, long seed, int maxSteps) {
        Random rnd = new Random(seed);
        RingSpecModel m = new RingSpecModel(config);
        List<RingSpecModel.Action> walk = new ArrayList<>();
        while (walk.size() < maxSteps) {
            List<RingSpecModel.Action> w = new ArrayList<>();
            List<RingSpecModel.Action> r = new ArrayList<>();
            for (RingSpecModel.Action a : m.enabledActions()) {
                (a.writer() ? w : r).add(a);
            }
            if (w.isEmpty() && r.isEmpty()) {
                break;
            }
            List<RingSpecModel.Action> side = w.isEmpty() ? r : r.isEmpty() ? w : rnd.nextBoolean() ? w : r;
            RingSpecModel.Action a = side.get(rnd.nextInt(side.size()));
            m.step(a);
            walk.add(a);
        }
        return walk;
    }

    /** The action of an edge; the parameter (not on DOT edges) is recovered from the target state. */
    static RingSpecModel.Action actionOf(StateGraph.Edge e, StateGraph g) {
        Map<String, Object> to = g.state(e.to());
        switch (e.action()) {
            case RingActions.WRITER_COPY:
            case RingActions.WRITER_FULL:
                return new RingSpecModel.Action(e.action(), ((Long) to.get("wlen")).intValue());
            case RingActions.WRITER_SET_PENDING:
                return new RingSpecModel.Action(e.action(), ((Long) to.get("pend")).intValue());
            default:
                return RingSpecModel.Action.of(e.action());
        }
    }

    private static final Pattern CONSTANT = Pattern.compile("^\\s+(\\w+) = (.+?)\\s*$");

    /** The constants of a cfg of MCVmbusRing (every hazard switch must be FALSE). */
    static RingSpecModel.Config configOf(String cfg) throws IOException {
        Map<String, String> c = new LinkedHashMap<>();
        for (String line : Files.readAllLines(RingTraceChecker.specFiles().resolve(cfg), StandardCharsets.UTF_8)) {
            Matcher m = CONSTANT.matcher(line);
            if (m.matches()) {
                c.put(m.group(1), m.group(2));
            }
        }
        for (Map.Entry<String, String> e : c.entrySet()) {
            if (e.getKey().startsWith("Bug") && !e.getValue().equals("FALSE")) {
                throw new IllegalArgumentException(cfg + ": " + e.getKey() + " = " + e.getValue()
                    + " (expected: FALSE in a good configuration)");
            }
        }
        Set<Integer> sizes = new TreeSet<>();
        for (String s : c.get("Sizes").replaceAll("[{}\\s]", "").split(",")) {
            sizes.add(Integer.parseInt(s));
        }
        return RingSpecModel.Config.good(Integer.parseInt(c.get("DataSize")), sizes,
            Integer.parseInt(c.get("MaxPackets")), Boolean.parseBoolean(c.get("FeatPendingSend").toLowerCase()));
    }

    /** Dumps the complete state graph of the configuration (without its temporal properties). */
    static StateGraph dumpStateGraph(String cfg) throws IOException {
        return TlcStateGraph.dump(RingTraceChecker.specFiles(), RingTraceChecker.runner(), "ring/MCVmbusRing", cfg);
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
