package org.hvref.ring.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hvref.ring.model.RingSpecModel;
import org.hvref.spec.trace.TraceVerdict;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * QuickTheories-generated ring scenarios (fixed seed) are behaviours of the spec: each generated run of the Java
 * ring is replayed on {@link RingSpecModel} inside the property (fast, so QuickTheories can shrink a failing
 * scenario to its smallest seed and length), and all of them are then checked by TLC against
 * {@code TraceVmbusRing.tla} in one batch.
 */
class RingTraceProperties {
    /** QuickTheories seed (fixed in CI; override with {@code -Dhvref.trace.qt.seed}). */
    static final long SEED = Long.getLong("hvref.trace.qt.seed", 20261125L);

    @Test
    void generatedRingScenariosAreBehavioursOfTheSpec() {
        List<RingTraceChecker.Trace> traces = new ArrayList<>();
        QuickTheory.qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(200)
            .forAll(longs().all(), integers().between(1, 250))
            .checkAssert((seed, calls) -> {
                RingTraceChecker.Trace trace = RingScenarios.singleThreaded(seed, calls);
                int stuck = new RingSpecModel(RingSpecModel.Config.good(trace.dataSize(), Set.of(), Integer.MAX_VALUE,
                    trace.feat())).replayAll(trace.events());
                assertEquals(-1, stuck, () -> trace.name() + " calls=" + calls + ": RingSpecModel rejects event "
                    + stuck + " (QuickTheories seed " + SEED + ")");
                traces.add(trace);
            });
        assertTrue(traces.size() >= 60, "examples run: " + traces.size());
        TraceVerdict verdict = RingTraceChecker.validate(traces);
        assertTrue(verdict.accepted(), () -> "QuickTheories seed " + SEED + ": " + verdict + " in "
            + traces.get(((TraceVerdict.Rejected) verdict).traceIndex()).name());
        assertEquals(traces.size(), ((TraceVerdict.Accepted) verdict).traces());
    }
}
