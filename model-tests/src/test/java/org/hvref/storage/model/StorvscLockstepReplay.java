package org.hvref.storage.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hvref.mbt.StateGraph;
import org.hvref.trace.TraceEvent;

/**
 * Replays a path of the MCStorvscProtocolMbt state graph on the Java VSP and VSC ({@link StorvscJavaSides}) in lock
 * step. Each edge names a StorvscProtocol action ({@code Mbt<Action>}). An environment step (a user call, a delivery,
 * a host test hook) is one Java call, which must record that action's event first; the guest's own steps (probe, I/O,
 * CREATE_SUB_CHANNELS) are events the Java guest recorded inside the previous call, matched in order against the
 * following edges without a call. Whenever no such event is left over, the abstraction of the Java sides must equal
 * TLC's state (its compared variables). At the end no Java event may be left over, unless the path ends in a state
 * where the spec's request bound keeps the due guest step from being taken.
 */
final class StorvscLockstepReplay {

    /** The guest steps the Java guest takes by itself, inside another call. */
    static final Set<String> GUEST_OWN = Set.of("GuestProbe", "GuestIssueIo", "GuestCreateSubChannels");

    /**
     * The outcome of one replay.
     *
     * @param trace    both sides' events, as trace records
     * @param compared abstract states compared
     * @param refusals forbidden calls made and refused
     * @param actions  steps per action
     */
    record Result(List<Map<String, Object>> trace, long compared, long refusals, Map<String, Long> actions) {
    }

    /**
     * The constants the Java sides are built from.
     *
     * @param guestVersions GuestVersions, newest first
     * @param multiChannel  HostMultiChannel
     * @param subChannels   GuestSubChannels
     */
    record Config(List<Long> guestVersions, boolean multiChannel, boolean subChannels) {
    }

    private StorvscLockstepReplay() {
    }

    /** @return the StorvscProtocol action of an edge label {@code Mbt<Action>} */
    static String action(StateGraph.Edge e) {
        if (!e.action().startsWith("Mbt")) {
            throw new IllegalArgumentException("edge label: " + e.action() + " (expected: Mbt<Action>)");
        }
        return e.action().substring(3);
    }

    /**
     * Replays one path.
     *
     * @param name   names the path in failure messages
     * @param config the constants
     * @param graph  the state graph
     * @param path   edges from an initial state
     * @param probed projected states in which the forbidden calls were made already (shared by the replays)
     */
    @SuppressWarnings("unchecked")
    static Result run(String name, Config config, StateGraph graph, List<StateGraph.Edge> path,
                      Set<Map<String, Object>> probed) {
        Map<String, Object> start = graph.state(path.get(0).from());
        List<Long> hostVersions = new ArrayList<>((Set<Long>) start.get("hostVersions"));
        hostVersions.sort(null);
        boolean disk = "disk".equals(((Map<Object, Object>) start.get("kind")).get(0L));
        StorvscJavaSides java = new StorvscJavaSides(hostVersions, config.multiChannel(), disk,
            config.guestVersions(), config.subChannels());
        Deque<TraceEvent> ahead = new ArrayDeque<>();
        Map<String, Long> counts = new TreeMap<>();
        compare(name, -1, path, start, java);
        long compared = 1;
        long refusals = refuse(name, -1, path, start, java, probed);
        long strays = 0;
        for (int i = 0; i < path.size(); i++) {
            StateGraph.Edge e = path.get(i);
            String action = action(e);
            Map<String, Object> to = graph.state(e.to());
            TraceEvent ev;
            if (ahead.isEmpty()) {
                if (GUEST_OWN.contains(action)) {
                    throw fail(name, i, path, "the Java guest did not take " + action + " inside the previous call "
                        + "(expected: it is due there)", java);
                }
                int before = java.events().size();
                try {
                    java.perform(action, action.equals("HostStrayComplete") ? strayId(to) : 0);
                } catch (RuntimeException ex) {
                    throw new AssertionError(message(name, i, path, "the Java call for " + action + " threw " + ex
                        + " (expected: the step taken)", java), ex);
                }
                List<TraceEvent> recorded = new ArrayList<>(java.events().subList(before, java.events().size()));
                if (recorded.isEmpty()) {
                    throw fail(name, i, path, "the Java call for " + action + " recorded nothing (expected: "
                        + action + ")", java);
                }
                ev = recorded.get(0);
                ahead.addAll(recorded.subList(1, recorded.size()));
            } else {
                ev = ahead.poll();
            }
            if (!ev.action().equals(action)) {
                throw fail(name, i, path, "the Java side recorded " + ev + " (expected: " + action + ")", java);
            }
            if (action.equals("GuestRcvSrbComplete") && Boolean.FALSE.equals(ev.get("ok"))) {
                strays++;
            }
            counts.merge(action, 1L, Long::sum);
            if (ahead.isEmpty()) {
                compare(name, i, path, to, java);
                compared++;
                refusals += refuse(name, i, path, to, java, probed);
            }
        }
        Map<String, Object> last = graph.state(path.get(path.size() - 1).to());
        if (!ahead.isEmpty() && "none".equals(last.get("due"))) {
            throw fail(name, path.size() - 1, path, "the Java sides recorded " + ahead + " beyond the path (expected: "
                + "nothing, no guest step is due)", java);
        }
        if (java.droppedCompletions() != strays) {
            throw fail(name, path.size() - 1, path, "the VSC dropped " + java.droppedCompletions() + " completions "
                + "(expected: the " + strays + " it received for ids not outstanding)", java);
        }
        if (java.refusals() != 0) {
            throw fail(name, path.size() - 1, path, java.refusals() + " packets refused or protocol errors "
                + "(expected: none on a behaviour of the spec)", java);
        }
        List<Map<String, Object>> trace = new ArrayList<>();
        java.events().forEach(ev -> trace.add(ev.toRecord()));
        return new Result(trace, compared, refusals, counts);
    }

    /**
     * In a state seen for the first time, makes each environment call whose StorvscProtocol action is disabled there
     * (start after BEGIN was sent; hot-add at an occupied LUN or before the host is ready; hot-remove of an empty LUN
     * or before ready; a stray completion before ready): each must be refused without a trace.
     *
     * @return the calls made
     */
    @SuppressWarnings("unchecked")
    private static long refuse(String name, int i, List<StateGraph.Edge> path, Map<String, Object> tlc,
                               StorvscJavaSides java, Set<Map<String, Object>> probed) {
        if (!probed.add(StorvscJavaSides.project(tlc))) {
            return 0;
        }
        boolean hostReady = "ready".equals(tlc.get("hstate"));
        boolean disk = "disk".equals(((Map<Object, Object>) tlc.get("kind")).get(0L));
        List<String> calls = new ArrayList<>();
        if (!"idle".equals(tlc.get("gstate"))) {
            calls.add("start");
        }
        if (!hostReady || disk) {
            calls.add("hotAdd");
        }
        if (!hostReady || !disk) {
            calls.add("hotRemove");
        }
        if (!hostReady) {
            calls.add("stray");
        }
        for (String call : calls) {
            String wrong = java.refused(call);
            if (wrong != null) {
                throw fail(name, i, path, "the spec forbids " + call + " here but " + wrong, java);
            }
        }
        return calls.size();
    }

    @SuppressWarnings("unchecked")
    private static long strayId(Map<String, Object> to) {
        List<Map<String, Object>> h2g = (List<Map<String, Object>>) to.get("h2g");
        return (Long) h2g.get(h2g.size() - 1).get("id");
    }

    private static void compare(String name, int i, List<StateGraph.Edge> path, Map<String, Object> tlc,
                                StorvscJavaSides java) {
        Map<String, Object> m = StorvscJavaSides.project(tlc);
        Map<String, Object> j = java.abstraction();
        if (!m.equals(j)) {
            StringBuilder sb = new StringBuilder();
            m.forEach((k, v) -> {
                if (!v.equals(j.get(k))) {
                    sb.append("\n    ").append(k).append(": TLC ").append(v).append(" vs Java ").append(j.get(k));
                }
            });
            throw fail(name, i, path, "abstract states differ:" + sb, java);
        }
    }

    private static AssertionError fail(String name, int i, List<StateGraph.Edge> path, String what,
                                       StorvscJavaSides java) {
        return new AssertionError(message(name, i, path, what, java));
    }

    private static String message(String name, int i, List<StateGraph.Edge> path, String what,
                                  StorvscJavaSides java) {
        List<String> prefix = new ArrayList<>();
        path.subList(0, Math.min(path.size(), i + 1)).forEach(e -> prefix.add(action(e)));
        return name + ", after step " + (i + 1) + " of " + path.size() + ": " + what + "\n  actions so far: " + prefix
            + "\n  " + java + "\n  java events: " + java.events();
    }
}
