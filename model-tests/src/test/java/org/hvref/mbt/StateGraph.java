package org.hvref.mbt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state graph TLC dumps with {@code -dump dot,actionlabels F.dot}: nodes (fingerprint → the state's variables)
 * and labelled edges (the action name, without parameters). Stuttering self-loops ({@code style="dashed"}) and
 * repeated edge lines are dropped. Node indexes are dense, in order of first appearance; the initial states are the
 * nodes drawn {@code style = filled} (several when Init chooses, e.g. a host offer).
 */
public final class StateGraph {

    /**
     * One transition.
     *
     * @param id     dense index of the edge
     * @param from   source node index
     * @param to     target node index
     * @param action the action name on the edge
     */
    public record Edge(int id, int from, int to, String action) {
    }

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+) \\[(.*)\\];?$");
    private static final Pattern LABEL = Pattern.compile("label=\"([^\"]*)\"");

    private final List<Map<String, Object>> states = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<List<Edge>> out = new ArrayList<>();
    private final Map<Long, Integer> index = new HashMap<>();
    private final List<Integer> initials = new ArrayList<>();

    private StateGraph() {
    }

    /** Parses a DOT dump. */
    public static StateGraph parse(Path dot) {
        StateGraph g = new StateGraph();
        Set<String> seenEdges = new LinkedHashSet<>();
        List<long[]> rawEdges = new ArrayList<>();
        List<String> rawLabels = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dot, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher e = EDGE.matcher(line);
                if (e.matches()) {
                    String attrs = e.group(3);
                    if (attrs.contains("dashed")) {
                        continue;
                    }
                    Matcher l = LABEL.matcher(attrs);
                    if (!l.find()) {
                        throw new IllegalArgumentException("dot edge: " + line + " (expected: an action label)");
                    }
                    if (seenEdges.add(e.group(1) + ">" + e.group(2) + ">" + l.group(1))) {
                        rawEdges.add(new long[] {Long.parseLong(e.group(1)), Long.parseLong(e.group(2))});
                        rawLabels.add(l.group(1));
                    }
                    continue;
                }
                Matcher n = NODE.matcher(line);
                if (n.matches()) {
                    long fp = Long.parseLong(n.group(1));
                    if (!g.index.containsKey(fp)) {
                        g.index.put(fp, g.states.size());
                        g.states.add(Collections.unmodifiableMap(TlaValues.parseState(unescape(n.group(2)))));
                        g.out.add(new ArrayList<>());
                    }
                    if (n.group(3) != null && !g.initials.contains(g.index.get(fp))) {
                        g.initials.add(g.index.get(fp));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("state graph: cannot read " + dot, e);
        }
        for (int k = 0; k < rawEdges.size(); k++) {
            Integer from = g.index.get(rawEdges.get(k)[0]);
            Integer to = g.index.get(rawEdges.get(k)[1]);
            if (from == null || to == null) {
                throw new IllegalArgumentException("dot edge: " + Arrays.toString(rawEdges.get(k))
                    + " (expected: both nodes declared)");
            }
            Edge edge = new Edge(g.edges.size(), from, to, rawLabels.get(k));
            g.edges.add(edge);
            g.out.get(from).add(edge);
        }
        if (g.initials.isEmpty()) {
            throw new IllegalArgumentException("state graph: no initial state (expected: a node with style = filled)");
        }
        return g;
    }

    private static String unescape(String label) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < label.length(); k++) {
            char c = label.charAt(k);
            if (c == '\\' && k + 1 < label.length()) {
                char d = label.charAt(++k);
                sb.append(d == 'n' ? '\n' : d);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return the number of states */
    public int stateCount() {
        return states.size();
    }

    /** @return every edge */
    public List<Edge> edges() {
        return Collections.unmodifiableList(edges);
    }

    /**
     * @return the index of the only initial state
     * @throws IllegalStateException if there are several
     */
    public int initial() {
        if (initials.size() != 1) {
            throw new IllegalStateException("state graph: " + initials.size() + " initial states (expected: 1)");
        }
        return initials.get(0);
    }

    /** @return the indexes of the initial states, in order of appearance */
    public List<Integer> initials() {
        return Collections.unmodifiableList(initials);
    }

    /** @return the variables of state {@code n} */
    public Map<String, Object> state(int n) {
        return states.get(n);
    }

    /** @return the edges leaving state {@code n} */
    public List<Edge> out(int n) {
        return Collections.unmodifiableList(out.get(n));
    }

    /**
     * A greedy path cover: paths from an initial state that together take every edge at least once. Each path starts
     * at the first initial state from which an untaken edge is reachable and repeatedly takes an untaken edge leaving
     * the current state ({@link #better} picks which), else walks the shortest way (over any edges) to the nearest
     * state that still has one; it ends when no untaken edge is reachable.
     *
     * @return the paths, as edge lists
     */
    public List<List<Edge>> edgeCover() {
        boolean[] taken = new boolean[edges.size()];
        int[] untakenOut = new int[states.size()];
        for (Edge e : edges) {
            untakenOut[e.from()]++;
        }
        int remaining = edges.size();
        List<List<Edge>> paths = new ArrayList<>();
        while (remaining > 0) {
            List<Edge> path = new ArrayList<>();
            int at = initials.get(0);
            for (int i : initials) {
                if (untakenOut[i] > 0 || shortestPathToUntaken(i, untakenOut) != null) {
                    at = i;
                    break;
                }
            }
            while (true) {
                Edge next = null;
                for (Edge e : out.get(at)) {
                    if (!taken[e.id()] && (next == null || better(e, next, untakenOut))) {
                        next = e;
                    }
                }
                if (next == null) {
                    List<Edge> detour = shortestPathToUntaken(at, untakenOut);
                    if (detour == null) {
                        break;
                    }
                    path.addAll(detour);
                    at = detour.get(detour.size() - 1).to();
                    continue;
                }
                taken[next.id()] = true;
                untakenOut[next.from()]--;
                remaining--;
                path.add(next);
                at = next.to();
            }
            if (path.isEmpty()) {
                throw new IllegalStateException("edge cover: " + remaining
                    + " edges unreachable from the initial states (expected: none)");
            }
            paths.add(path);
        }
        return paths;
    }

    /**
     * Whether untaken edge {@code a} is a better next step than {@code b}: a target that still has untaken edges
     * beats one that has none (the path goes on without a detour), and among those the target with fewer untaken
     * edges is finished first (about 6% fewer steps on MCVmbusRing than taking the first untaken edge).
     */
    private static boolean better(Edge a, Edge b, int[] untakenOut) {
        int ua = untakenOut[a.to()];
        int ub = untakenOut[b.to()];
        return ua > 0 && (ub == 0 || ua < ub);
    }

    /** BFS from {@code from} to the nearest state with an untaken outgoing edge; null if none (or from itself). */
    private List<Edge> shortestPathToUntaken(int from, int[] untakenOut) {
        Edge[] via = new Edge[states.size()];
        boolean[] seen = new boolean[states.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        seen[from] = true;
        while (!queue.isEmpty()) {
            int n = queue.poll();
            if (n != from && untakenOut[n] > 0) {
                List<Edge> path = new ArrayList<>();
                for (int k = n; k != from; k = via[k].from()) {
                    path.add(via[k]);
                }
                Collections.reverse(path);
                return path;
            }
            for (Edge e : out.get(n)) {
                if (!seen[e.to()]) {
                    seen[e.to()] = true;
                    via[e.to()] = e;
                    queue.add(e.to());
                }
            }
        }
        return null;
    }
}
