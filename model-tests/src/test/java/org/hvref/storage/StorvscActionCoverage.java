package org.hvref.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.spec.SpecFiles;
import org.hvref.trace.TraceEvent;

/**
 * Trace-validation coverage of StorvscProtocol, shared by the StorVSC machine and hazard tests: the actions of the
 * spec's {@code Next} (read from {@code storvsc/StorvscProtocol.tla}, so a new action cannot be missed), a table of
 * how often a set of traces takes each, and the assertion that every one is taken.
 */
public final class StorvscActionCoverage {
    private StorvscActionCoverage() {
    }

    /**
     * @param files the materialized specs
     * @return the actions of {@code Next} in StorvscProtocol.tla (its disjuncts, quantified ones included)
     */
    public static Set<String> nextActions(SpecFiles files) {
        String spec;
        try {
            spec = Files.readString(files.root().resolve("storvsc/StorvscProtocol.tla"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = spec.indexOf("\nNext ==");
        assertTrue(at >= 0, "Next in StorvscProtocol.tla");
        int end = spec.indexOf("\n\n", at + 1);
        String next = spec.substring(at + 1, end < 0 ? spec.length() : end);
        Set<String> actions = new TreeSet<>();
        Matcher m = Pattern.compile("(?:\\\\/|:)\\s*([A-Z][A-Za-z0-9]*)").matcher(next);
        while (m.find()) {
            actions.add(m.group(1));
        }
        return actions;
    }

    /**
     * @param actions the actions to count (every one gets a row)
     * @param traces  traces as records ({@link TraceEvent#ACTION_KEY} = action)
     * @return action → number of events taking it (actions outside {@code actions} get a row too)
     */
    public static Map<String, Integer> counts(Set<String> actions, List<List<Map<String, Object>>> traces) {
        Map<String, Integer> count = new TreeMap<>();
        actions.forEach(a -> count.put(a, 0));
        for (List<Map<String, Object>> t : traces) {
            for (Map<String, Object> e : t) {
                count.merge(String.valueOf(e.get(TraceEvent.ACTION_KEY)), 1, Integer::sum);
            }
        }
        return count;
    }

    /**
     * @param actions the spec's actions
     * @param traces  the traces
     * @return the coverage table: one line per action with its event count, missing ones and strangers marked
     */
    public static String table(Set<String> actions, List<List<Map<String, Object>>> traces) {
        Map<String, Integer> count = counts(actions, traces);
        long covered = actions.stream().filter(a -> count.get(a) > 0).count();
        StringBuilder b = new StringBuilder("StorvscProtocol action coverage: " + covered + "/" + actions.size()
                + " actions, " + traces.size() + " traces\n");
        count.forEach((a, n) -> b.append(String.format("  %-24s %6d%s%n", a, n,
                !actions.contains(a) ? "  <- NOT A Next ACTION" : n == 0 ? "  <- MISSING" : "")));
        return b.toString();
    }

    /**
     * Prints the table and asserts that the traces take every action of {@code Next} and nothing else.
     *
     * @param files  the materialized specs
     * @param traces the traces (validated by the caller)
     */
    public static void assertCoversNext(SpecFiles files, List<List<Map<String, Object>>> traces) {
        Set<String> next = nextActions(files);
        String table = table(next, traces);
        System.out.print(table);
        Map<String, Integer> count = counts(next, traces);
        Set<String> missing = new TreeSet<>();
        next.forEach(a -> {
            if (count.get(a) == 0) {
                missing.add(a);
            }
        });
        assertEquals(Set.of(), missing, table);
        assertEquals(next, count.keySet(), table);
    }
}
