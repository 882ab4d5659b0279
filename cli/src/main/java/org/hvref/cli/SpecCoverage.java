package org.hvref.cli;

import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hvref.trace.SpecAction;

/**
 * Which actions of a spec a trace covered: the spec's actions are the {@link SpecAction} values the implementing
 * classes declare for it (every spec action has a Java method carrying its name, channel/CONTRACT.md).
 *
 * @param spec    the spec's name, e.g. {@code VmbusChannel}
 * @param actions every action the implementation declares for it
 * @param seen    the actions the trace contains
 */
record SpecCoverage(String spec, SortedSet<String> actions, SortedSet<String> seen) {

    /**
     * @param spec    the spec
     * @param events  action names of the trace (any spec)
     * @param classes the classes implementing the spec's actions
     * @return the coverage
     */
    static SpecCoverage of(String spec, Collection<String> events, Class<?>... classes) {
        SortedSet<String> actions = declared(spec, classes);
        SortedSet<String> seen = new TreeSet<>(events);
        seen.retainAll(actions);
        return new SpecCoverage(spec, actions, seen);
    }

    /** The {@link SpecAction} values for {@code spec} on the classes' methods and constructors. */
    static SortedSet<String> declared(String spec, Class<?>... classes) {
        SortedSet<String> actions = new TreeSet<>();
        for (Class<?> c : classes) {
            List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
            members.addAll(List.of(c.getDeclaredConstructors()));
            for (Executable m : members) {
                for (SpecAction a : m.getAnnotationsByType(SpecAction.class)) {
                    if (a.spec().equals(spec)) {
                        actions.add(a.value());
                    }
                }
            }
        }
        return actions;
    }

    /** @return the declared actions the trace did not reach */
    SortedSet<String> missing() {
        SortedSet<String> missing = new TreeSet<>(actions);
        missing.removeAll(seen);
        return missing;
    }

    /** @return e.g. {@code VmbusChannel: 30 of 36 actions (missing: A, B)} */
    String line() {
        return spec + ": " + seen.size() + " of " + actions.size() + " actions"
                + (missing().isEmpty() ? ", all covered" : " (missing: " + String.join(", ", missing()) + ")");
    }
}
