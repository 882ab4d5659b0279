package org.hvref.storage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.hvref.spec.trace.StorvscTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.storage.session.StorvscActions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model-based test of the Java StorVSC VSP ({@code storage.vsp.StorvscHost}) and VSC ({@code storage.vsc
 * .StorvscClient}) against {@code StorvscProtocol.tla} (tla-practice.md "Model-based tests"; the IC and channel
 * precedents {@code org.hvref.ic.model}, {@code org.hvref.channel.model}): TLC dumps the complete state graph of
 * {@code MCStorvscProtocolMbt.cfg} (StorvscProtocol restricted to the Java guest's choices: its scan program, one slot,
 * sub-channels asked for inside END's completion); a greedy edge cover of it, and seeded random walks on the graph of
 * {@code MCStorvscProtocolMbt_single.cfg} (one CPU, no sub-channels, LUN 0 empty at start, rescind anywhere), are
 * replayed on the real VSP and VSC over real rings ({@link StorvscLockstepReplay}), comparing the abstract state after
 * every step; every replay's trace is then validated by TLC against {@code TraceStorvscProtocol}, one batch per test.
 */
class StorvscModelBasedTest {

    /** Seed of the random walks (fixed in CI; printed with every failure). */
    static final long SEED = Long.getLong("hvref.mbt.seed", 0x5707_5C51L);

    static final String SPEC = "storvsc/MCStorvscProtocolMbt";
    static final String CFG = "storvsc/MCStorvscProtocolMbt.cfg";
    /** The random walks' graph: no sub-channels, LUN 0 empty at start, more hot-plug, rescind anywhere. */
    static final String CFG_WALKS = "storvsc/MCStorvscProtocolMbt_single.cfg";
    /** Events per TLC run of the trace validation: the edge cover (about 90,000 events) in two runs. */
    static final int EVENTS_PER_RUN = 50_000;

    private static SpecFiles files;
    private static TlcRunner runner;
    private static StateGraph graph;
    private static StorvscLockstepReplay.Config config;
    private static StateGraph walkGraph;
    private static StorvscLockstepReplay.Config walkConfig;

    @BeforeAll
    static void setUp() throws IOException {
        files = SpecFiles.materialize();
        runner = TlcRunner.usingClasspath();
        graph = TlcStateGraph.dump(files, runner, SPEC, CFG);
        config = configOf(CFG);
        walkGraph = TlcStateGraph.dump(files, runner, SPEC, CFG_WALKS);
        walkConfig = configOf(CFG_WALKS);
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    @Test
    void javaSidesFollowEveryEdgeOfTheStateGraph() {
        Set<String> graphActions = new TreeSet<>();
        graph.edges().forEach(e -> graphActions.add(StorvscLockstepReplay.action(e)));
        assertEquals(new TreeSet<>(StorvscActions.ALL), graphActions, "StorvscProtocol actions on the graph's edges");
        List<List<StateGraph.Edge>> paths = graph.edgeCover();
        Set<Integer> covered = new HashSet<>();
        Map<String, Long> steps = new TreeMap<>();
        long compared = 0;
        long refusals = 0;
        Set<Map<String, Object>> probed = new HashSet<>();
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            List<StateGraph.Edge> path = paths.get(p);
            assertTrue(graph.initials().contains(path.get(0).from()), "path " + (p + 1) + " starts in an initial state");
            StorvscLockstepReplay.Result r = StorvscLockstepReplay.run(CFG + " path " + (p + 1) + "/" + paths.size(),
                config, graph, path, probed);
            path.forEach(e -> covered.add(e.id()));
            compared += r.compared();
            refusals += r.refusals();
            r.actions().forEach((k, v) -> steps.merge(k, v, Long::sum));
            traces.add(r.trace());
        }
        assertEquals(graph.edges().size(), covered.size(), "edges covered");
        assertEquals(graphActions, steps.keySet(), "every action of the graph taken on the Java sides");
        TraceVerdict v = validator().validate(traces);
        TraceVerdict.Accepted ok = assertInstanceOf(TraceVerdict.Accepted.class, v, v::toString);
        assertEquals(traces.size(), ok.traces(), "traces validated");
        System.out.printf("[storvsc model-based, state graph] %s: %d states (%d initial), %d/%d edges covered by %d "
                + "paths, %d steps, %d abstract states compared, %d forbidden calls refused; trace validation: %s%n  "
                + "steps per action: %s%n", CFG, graph.stateCount(), graph.initials().size(), covered.size(),
            graph.edges().size(), paths.size(), steps.values().stream().mapToLong(Long::longValue).sum(), compared,
            refusals, v, steps);
    }

    @Test
    void javaSidesFollowRandomWalksOfTheSingleCpuStateGraph() {
        Random seeds = new Random(SEED);
        int walks = 60;
        Map<String, Long> steps = new TreeMap<>();
        long compared = 0;
        long refusals = 0;
        Set<Map<String, Object>> probed = new HashSet<>();
        List<List<Map<String, Object>>> traces = new ArrayList<>();
        for (int w = 0; w < walks; w++) {
            long seed = seeds.nextLong();
            List<StateGraph.Edge> walk = randomWalk(walkGraph, new Random(seed), 120);
            StorvscLockstepReplay.Result r = StorvscLockstepReplay.run(CFG_WALKS + " random walk " + w + " seed="
                + seed + " (-Dhvref.mbt.seed=" + SEED + ")", walkConfig, walkGraph, walk, probed);
            compared += r.compared();
            refusals += r.refusals();
            r.actions().forEach((k, n) -> steps.merge(k, n, Long::sum));
            traces.add(r.trace());
        }
        Set<String> expected = new TreeSet<>(StorvscActions.ALL);
        expected.remove("GuestCreateSubChannels"); // one CPU, and no host offers sub-channels
        expected.remove("HostRcvSubChannels");
        assertEquals(expected, steps.keySet(), "every action but the sub-channel request taken on the Java sides");
        TraceVerdict v = validator().validate(traces);
        assertInstanceOf(TraceVerdict.Accepted.class, v, v::toString);
        // the replayed traces are not accepted blindly: a completion that completed a request, recorded as dropped,
        // is rejected at that event
        int t = -1;
        int k = -1;
        for (int i = 0; i < traces.size() && t < 0; i++) {
            for (int j = 0; j < traces.get(i).size(); j++) {
                Map<String, Object> e = traces.get(i).get(j);
                if (e.get("e").equals("GuestRcvSrbComplete") && Boolean.TRUE.equals(e.get("ok"))) {
                    t = i;
                    k = j;
                    break;
                }
            }
        }
        assertTrue(t >= 0, "some walk completes a request");
        List<Map<String, Object>> bad = new ArrayList<>(traces.get(t));
        Map<String, Object> flipped = new LinkedHashMap<>(bad.get(k));
        flipped.put("ok", false);
        bad.set(k, flipped);
        TraceVerdict.Rejected rej = assertInstanceOf(TraceVerdict.Rejected.class,
            validator().validate(List.of(bad)));
        assertEquals(k, rej.eventIndex(), "flipped completion rejected at its event");
        System.out.printf("[storvsc model-based, random walks seed=%d] %s: %d states, %d walks, %d steps, %d abstract "
                + "states compared, %d forbidden calls refused; trace validation: %s%n  steps per action: %s%n", SEED,
            CFG_WALKS, walkGraph.stateCount(), walks, steps.values().stream().mapToLong(Long::longValue).sum(),
            compared, refusals, v, steps);
    }

    /** One TLC run for up to {@link #EVENTS_PER_RUN} events (each run costs a JVM start and a parse). */
    private static StorvscTraceValidator validator() {
        return new StorvscTraceValidator(runner, files, EVENTS_PER_RUN, TlcRunner.DEFAULT_TIMEOUT);
    }

    /**
     * A random path of a graph from a random initial state: at each state a random edge, Rescind only now and then
     * (it ends every behaviour), until a state without successors or {@code maxSteps}.
     */
    static List<StateGraph.Edge> randomWalk(StateGraph g, Random rnd, int maxSteps) {
        List<StateGraph.Edge> walk = new ArrayList<>();
        int at = g.initials().get(rnd.nextInt(g.initials().size()));
        while (walk.size() < maxSteps && !g.out(at).isEmpty()) {
            List<StateGraph.Edge> out = g.out(at);
            List<StateGraph.Edge> other = out.stream().filter(e -> !e.action().equals("MbtRescind")).toList();
            List<StateGraph.Edge> pick = other.isEmpty() || rnd.nextInt(40) == 0 ? out : other;
            StateGraph.Edge e = pick.get(rnd.nextInt(pick.size()));
            walk.add(e);
            at = e.to();
        }
        return walk;
    }

    private static final Pattern CONSTANT = Pattern.compile("^\\s+(\\w+) (=|<-) (.+?)\\s*$");
    private static final Pattern VERSION = Pattern.compile("(?m)^(V\\d+) == (\\d+)");

    /** The constants of the cfg the Java sides are built from (every hazard switch must be FALSE). */
    static StorvscLockstepReplay.Config configOf(String cfg) throws IOException {
        String mc = Files.readString(files.resolve("storvsc/MCStorvscProtocol.tla"), StandardCharsets.UTF_8);
        Map<String, String> versions = new HashMap<>();
        Matcher vm = VERSION.matcher(mc);
        while (vm.find()) {
            versions.put(vm.group(1), vm.group(2));
        }
        Map<String, Object> c = new HashMap<>();
        for (String line : Files.readAllLines(files.resolve(cfg), StandardCharsets.UTF_8)) {
            Matcher m = CONSTANT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String value = m.group(3);
            if (m.group(2).equals("<-")) {
                if (!m.group(1).equals("GuestVersions")) {
                    continue; // host choices and LUN layouts are read from TLC's initial states
                }
                Matcher def = Pattern.compile("(?m)^" + Pattern.quote(value) + " == (.+)$").matcher(mc);
                if (!def.find()) {
                    throw new IllegalArgumentException(cfg + ": " + value + " (expected: defined in MCStorvscProtocol)");
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
        List<Long> guest = new ArrayList<>();
        ((List<?>) c.get("GuestVersions")).forEach(o -> guest.add((Long) o));
        return new StorvscLockstepReplay.Config(guest, (Boolean) c.get("HostMultiChannel"),
            (Boolean) c.get("GuestSubChannels"));
    }
}
