package org.hvref.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A behaviour printed by TLC after a violation: numbered states, each with the action that led to it and the values
 * of all variables (as TLA+ text), optionally ending in stuttering or a loop back to an earlier state.
 *
 * @param states       the states, first to last (numbered from 1)
 * @param ending       how an infinite counterexample continues after the last state
 * @param loopBackTo   for {@link Ending#LOOP}, the number of the state the loop returns to; else 0
 */
public record Counterexample(List<State> states, Ending ending, int loopBackTo) {

    /** Action name TLC gives the first state. */
    public static final String INITIAL = "Initial predicate";

    /** How the behaviour continues after its last state. */
    public enum Ending {
        /** A finite prefix (safety violation or deadlock). */
        NONE,
        /** The system stutters for ever after the last state. */
        STUTTERING,
        /** The behaviour loops back to state {@link #loopBackTo()}. */
        LOOP
    }

    /**
     * One state of the counterexample.
     *
     * @param number    1-based position in the behaviour
     * @param action    the action that produced it ({@value #INITIAL} for the first)
     * @param variables variable name to value (TLA+ text), in TLC's order
     */
    public record State(int number, String action, Map<String, String> variables) {

        /** Validates and freezes the state. */
        public State {
            Objects.requireNonNull(action, "action");
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }

        /** The value of {@code name} as TLA+ text. */
        public String value(String name) {
            String v = variables.get(name);
            if (v == null) {
                throw new IllegalArgumentException("variable: " + name + " (expected: one of " + variables.keySet()
                        + ")");
            }
            return v;
        }
    }

    /** The empty counterexample (a run that found no violation). */
    public static final Counterexample NONE = new Counterexample(List.of(), Ending.NONE, 0);

    private static final Pattern HEADER = Pattern.compile("^(\\d+): (.*)$");
    private static final Pattern LOOP = Pattern.compile("^(\\d+): Back to state(?::)?\\s*(.*)$");

    /** Validates and freezes the counterexample. */
    public Counterexample {
        states = List.copyOf(states);
        Objects.requireNonNull(ending, "ending");
    }

    /** Whether there are no states. */
    public boolean isEmpty() {
        return states.isEmpty();
    }

    /** The last state. */
    public State last() {
        if (states.isEmpty()) {
            throw new IllegalStateException("counterexample: empty (expected: at least one state)");
        }
        return states.get(states.size() - 1);
    }

    /** The action names from the second state on, e.g. {@code [WriterCopy, WriterPublish, ...]}. */
    public List<String> actions() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < states.size(); i++) {
            names.add(states.get(i).action());
        }
        return names;
    }

    /**
     * Renders the behaviour as a numbered list: the first state with all its variables, later states with only the
     * variables that changed, then the ending.
     * <pre>
     * 1: &lt;Initial predicate&gt;
     *   wi = 0
     *   ...
     * 2: WriterCopy
     *   nsent = 1
     * </pre>
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        Map<String, String> previous = Map.of();
        for (State s : states) {
            sb.append(s.number()).append(": ");
            sb.append(INITIAL.equals(s.action()) ? "<" + INITIAL + ">" : s.action()).append('\n');
            for (Map.Entry<String, String> e : s.variables().entrySet()) {
                if (!e.getValue().equals(previous.get(e.getKey()))) {
                    sb.append("  ").append(e.getKey()).append(" = ")
                            .append(e.getValue().replace("\n", "\n    ")).append('\n');
                }
            }
            previous = s.variables();
        }
        int next = states.isEmpty() ? 1 : last().number() + 1;
        if (ending == Ending.STUTTERING) {
            sb.append(next).append(": Stuttering (for ever)\n");
        } else if (ending == Ending.LOOP) {
            sb.append(next).append(": Back to state ").append(loopBackTo).append('\n');
        }
        return sb.toString();
    }

    /** Parses the body of a TLC state message (code 2217): {@code "N: <Action line ...>"} then the variables. */
    static State parseState(String body) {
        String[] lines = body.strip().split("\n", -1);
        Matcher m = HEADER.matcher(lines[0].strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("tlc state header: " + lines[0] + " (expected: N: <Action>)");
        }
        int number = Integer.parseInt(m.group(1));
        String action = actionName(m.group(2));
        Map<String, String> vars = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String start = line.startsWith("/\\ ") ? line.substring(3) : (name == null ? line : null);
            int eq = start == null ? -1 : start.indexOf(" = ");
            if (eq > 0) {
                if (name != null) {
                    vars.put(name, value.toString());
                }
                name = start.substring(0, eq).strip();
                value = new StringBuilder(start.substring(eq + 3).strip());
            } else if (name != null) {
                value.append('\n').append(line.strip());
            }
        }
        if (name != null) {
            vars.put(name, value.toString());
        }
        return new State(number, action, vars);
    }

    /** Parses a loop message (code 2122) "{@code N: Back to state: <Action ...>}" into N. */
    static int parseLoopTarget(String body) {
        Matcher m = LOOP.matcher(body.strip().split("\n", 2)[0].strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("tlc loop: " + body.strip() + " (expected: N: Back to state: ...)");
        }
        return Integer.parseInt(m.group(1));
    }

    /** "&lt;WriterCopy line 142, col 5 to ... of module VmbusRing&gt;" to "WriterCopy". */
    static String actionName(String header) {
        String h = header.strip();
        if (h.startsWith("<") && h.endsWith(">")) {
            h = h.substring(1, h.length() - 1);
        }
        int line = h.indexOf(" line ");
        return (line >= 0 ? h.substring(0, line) : h).strip();
    }
}
