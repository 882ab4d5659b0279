package org.hvref.channel.hazard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hvref.channel.trace.ChannelTraceChecker;

/**
 * Traces of a test class checked by TLC in ONE run (a verdict per trace): the deterministic scenarios are run once up
 * front to collect their traces, then each test runs its scenario again (same trace: deterministic) and looks up
 * its verdict. A scenario that throws while collecting gets no verdict; its own test then fails on the throw.
 */
final class TraceBatch {
    private final Map<String, Supplier<List<Map<String, Object>>>> scenarios = new LinkedHashMap<>();
    private Map<String, List<Map<String, Object>>> traces;
    private Map<String, Integer> verdicts;

    /** Registers a scenario under a name. */
    TraceBatch add(String name, Supplier<List<Map<String, Object>>> scenario) {
        scenarios.put(name, scenario);
        return this;
    }

    /**
     * @param name a registered scenario
     * @return its trace as collected for the batch
     */
    synchronized List<Map<String, Object>> trace(String name) {
        run();
        return traces.get(name);
    }

    /**
     * @param name a registered scenario
     * @return -1 if TLC accepted its trace, else the 0-based index of the event TLC could not replay
     */
    synchronized int verdict(String name) {
        run();
        Integer v = verdicts.get(name);
        if (v == null) {
            throw new AssertionError(name + ": no trace collected (the scenario threw)");
        }
        return v;
    }

    private void run() {
        if (verdicts != null) {
            return;
        }
        traces = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<List<Map<String, Object>>>> e : scenarios.entrySet()) {
            try {
                traces.put(e.getKey(), e.getValue().get());
            } catch (RuntimeException | AssertionError failed) {
                // reported by the scenario's own test
            }
        }
        List<String> names = new ArrayList<>(traces.keySet());
        int[] v = ChannelTraceChecker.verdictPerTrace(names.stream().map(traces::get).toList());
        verdicts = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            verdicts.put(names.get(i), v[i]);
        }
    }
}
