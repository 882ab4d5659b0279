package org.hvref.architecture.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hvref.architecture.RepositoryLayout;
import org.hvref.architecture.TlaSpecIndex;

/**
 * Code-to-spec traceability: every {@code @SpecAction} names an operator of its TLA+ module, and every action of
 * a traced spec's {@code Next} is implemented by some {@code @SpecAction} or declared environment-only in
 * {@code spec/src/tla/traceability.json}.
 */
public final class SpecTraceabilityRules {
    /** Fully-qualified name of the annotation (kept as a string: the rules must not depend on the library). */
    public static final String SPEC_ACTION = "org.hvref.trace.SpecAction";

    private static final TlaSpecIndex SPECS = TlaSpecIndex.load();

    private SpecTraceabilityRules() {
    }

    /** A Java reference to a spec action: {@code spec} module name and {@code action} operator name. */
    public record ActionRef(String spec, String action) {
        @Override
        public String toString() {
            return spec + "!" + action;
        }
    }

    /** Every {@code @SpecAction} names an existing module and an operator defined in it. */
    @ArchTest
    public static final ArchRule SPEC_ACTIONS_NAME_EXISTING_OPERATORS = methods()
            .should(nameExistingSpecOperators())
            .allowEmptyShould(true)
            .as("every @SpecAction names an operator that exists in spec/src/tla/<spec>.tla");

    /** Every action of a traced spec is implemented in Java or declared environment-only. */
    @ArchTest
    public static final ArchRule EVERY_SPEC_ACTION_IS_IMPLEMENTED = ArchRuleDefinition.all(tracedSpecs())
            .should(beImplementedOrEnvironmentOnly())
            .as("every Next action of a traced spec has a @SpecAction or is declared environment-only "
                    + "(spec/src/tla/traceability.json)");

    /** Returns the {@code @SpecAction} references a method carries (repeated or single). */
    public static List<ActionRef> actionsOf(JavaMethod method) {
        List<ActionRef> refs = new ArrayList<>();
        for (JavaAnnotation<JavaMethod> annotation : method.getAnnotations()) {
            collect(annotation, refs);
        }
        return refs;
    }

    private static void collect(JavaAnnotation<?> annotation, List<ActionRef> refs) {
        String type = annotation.getRawType().getName();
        if (type.equals(SPEC_ACTION)) {
            refs.add(new ActionRef(String.valueOf(annotation.get("spec").orElse("")),
                    String.valueOf(annotation.get("value").orElse(""))));
            return;
        }
        Object value = annotation.get("value").orElse(null);
        if (value instanceof JavaAnnotation<?>[] nested) {
            for (JavaAnnotation<?> inner : nested) {
                collect(inner, refs);
            }
        }
    }

    private static ArchCondition<JavaMethod> nameExistingSpecOperators() {
        return new ArchCondition<>("name an existing spec operator") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (ActionRef ref : actionsOf(method)) {
                    boolean ok = SPECS.hasModule(ref.spec()) && SPECS.operators(ref.spec()).contains(ref.action());
                    String message = method.getFullName() + " @SpecAction " + ref
                            + (ok ? " exists" : " (expected: an operator of spec/src/tla/**/" + ref.spec() + ".tla)");
                    events.add(new SimpleConditionEvent(method, ok, message));
                }
            }
        };
    }

    /**
     * A traced spec: its module name, the specs whose {@code @SpecAction}s count for it (itself and those it shares
     * action names with), its environment-only actions, and the actions the imported code implements for it.
     */
    public record TracedSpec(String spec, Set<String> implementedUnder, Set<String> environmentOnly,
                             Set<String> implemented) {
        @Override
        public String toString() {
            return spec;
        }
    }

    private static AbstractClassesTransformer<TracedSpec> tracedSpecs() {
        return new AbstractClassesTransformer<>("traced specs") {
            @Override
            public Iterable<TracedSpec> doTransform(JavaClasses classes) {
                Map<String, Set<String>> bySpec = new LinkedHashMap<>();
                for (JavaClass javaClass : classes) {
                    for (JavaMethod method : javaClass.getMethods()) {
                        for (ActionRef ref : actionsOf(method)) {
                            bySpec.computeIfAbsent(ref.spec(), k -> new LinkedHashSet<>()).add(ref.action());
                        }
                    }
                }
                List<TracedSpec> specs = new ArrayList<>();
                for (TracedSpec declared : readTraceability()) {
                    Set<String> implemented = new LinkedHashSet<>();
                    for (String under : declared.implementedUnder()) {
                        implemented.addAll(bySpec.getOrDefault(under, Set.of()));
                    }
                    specs.add(new TracedSpec(declared.spec(), declared.implementedUnder(), declared.environmentOnly(),
                            implemented));
                }
                return specs;
            }
        };
    }

    /** Reads {@code spec/src/tla/traceability.json} (without implementation data). */
    public static List<TracedSpec> readTraceability() {
        Path file = RepositoryLayout.specTree().resolve("traceability.json");
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            List<TracedSpec> specs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : root.path("specs").properties()) {
                Set<String> under = new LinkedHashSet<>();
                under.add(entry.getKey());
                entry.getValue().path("sharesActionsWith").forEach(n -> under.add(n.asText()));
                Set<String> environment = new LinkedHashSet<>();
                entry.getValue().path("environmentOnly").forEach(n -> environment.add(n.asText()));
                specs.add(new TracedSpec(entry.getKey(), under, environment, Set.of()));
            }
            return specs;
        } catch (IOException e) {
            throw new IllegalStateException("traceability: " + file + ": " + e.getMessage(), e);
        }
    }

    private static ArchCondition<TracedSpec> beImplementedOrEnvironmentOnly() {
        return new ArchCondition<>("be implemented or environment-only") {
            @Override
            public void check(TracedSpec spec, ConditionEvents events) {
                Set<String> actions = SPECS.nextActions(spec.spec());
                for (String action : actions) {
                    boolean ok = spec.implemented().contains(action) || spec.environmentOnly().contains(action);
                    events.add(new SimpleConditionEvent(spec, ok, spec + "!" + action
                            + (ok ? " traced" : " has no @SpecAction(spec=\"" + spec + "\", value=\"" + action
                            + "\") (expected: an implementing method, or environmentOnly in traceability.json)")));
                }
                for (String env : spec.environmentOnly()) {
                    boolean ok = actions.contains(env);
                    events.add(new SimpleConditionEvent(spec, ok, spec + "!" + env + " environment-only"
                            + (ok ? "" : " is not a Next action (expected: one of " + actions + ")")));
                }
            }
        };
    }
}
