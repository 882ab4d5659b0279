package org.hvref.ring.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hvref.ring.model.RingSpecModel;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/**
 * Trace validation of the Java ring (STYLE.md B20, tla-practice.md "Trace validation"): generated runs of the
 * unmodified ring ({@link RingScenarios}: single-threaded random API interleavings and real two-thread runs) are
 * recorded with a {@code RecordingTracer}, written as one TLA+ trace module and checked by TLC against
 * {@code ring/TraceVmbusRing.tla} — many traces per TLC run. Every trace must be a behaviour of VmbusRing, and
 * together they must exercise every action of ring/CONTRACT.md. {@link RingTraceMutationTest} proves the checker
 * rejects wrong traces.
 */
class RingTraceValidationTest {

    /** Seed of the generated scenarios (fixed in CI; printed with every failure and in the report). */
    static final long SEED = Long.getLong("hvref.trace.seed", 0x7ACE_2026L);

    @Test
    void everyGeneratedJavaTraceIsABehaviourOfTheSpec() throws Exception {
        Random seeds = new Random(SEED);
        List<RingTraceChecker.Trace> traces = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            traces.add(RingScenarios.singleThreaded(seeds.nextLong(), 30 + seeds.nextInt(170)));
        }
        int singleThreaded = traces.size();
        int[][] runs = {{256, 1, 400}, {256, 0, 400}, {4096, 1, 400}, {8192, 0, 300}, {96, 1, 300}};
        for (int[] run : runs) {
            traces.add(RingScenarios.twoThreads(seeds.nextLong(), run[0], run[1] == 1, run[2]));
        }
        Map<String, Long> actions = new TreeMap<>();
        long events = 0;
        for (RingTraceChecker.Trace t : traces) {
            events += t.events().size();
            for (Map<String, Object> e : t.events()) {
                actions.merge((String) e.get("e"), 1L, Long::sum);
            }
            // the Java transcription of TraceVmbusRing agrees (a quick, independent second opinion)
            assertEquals(-1, new RingSpecModel(RingSpecModel.Config.good(t.dataSize(), java.util.Set.of(),
                Integer.MAX_VALUE, t.feat())).replayAll(t.events()), t.name() + ": replay on RingSpecModel");
        }
        assertEquals(new TreeSet<>(RingSpecModel.ALL_ACTIONS), actions.keySet(),
            "every action of ring/CONTRACT.md occurs in the generated traces (seed " + SEED + ")");
        TraceVerdict v = RingTraceChecker.validate(traces);
        assertTrue(v.accepted(), () -> "seed " + SEED + ": " + ((TraceVerdict.Rejected) v).message() + " in "
            + traces.get(((TraceVerdict.Rejected) v).traceIndex()).name());
        TraceVerdict.Accepted a = (TraceVerdict.Accepted) v;
        assertEquals(traces.size(), a.traces());
        assertEquals(events, a.events());
        System.out.println("[trace validation seed=" + SEED + "] " + a.traces() + " traces (" + singleThreaded
            + " single-threaded, " + runs.length + " two-thread), " + a.events() + " events accepted by TLC in "
            + a.tlcRuns() + " run(s); events per action: " + actions);
    }

    /**
     * The ring's untraced fast paths (cached indexes, no per-step lock; what production runs) make the same
     * decisions as the traced paths that TLC validated: the same single-threaded scenarios, run once traced and
     * once with {@code SpecTracer.OFF}, give the same result for every call and the same control page after it.
     */
    @Test
    void untracedRingMakesTheDecisionsOfTheValidatedTracedRing() {
        Random seeds = new Random(SEED);
        long calls = 0;
        for (int i = 0; i < 100; i++) {
            long seed = seeds.nextLong();
            int n = 30 + seeds.nextInt(170);
            RingScenarios.SingleThreadedRun traced = RingScenarios.singleThreaded(seed, n, new RecordingTracer());
            RingScenarios.SingleThreadedRun untraced = RingScenarios.singleThreaded(seed, n, SpecTracer.OFF);
            for (int c = 0; c < n; c++) {
                String where = "seed " + seed + " call " + (c + 1);
                assertEquals(traced.outcomes().get(c), untraced.outcomes().get(c), where + ": traced vs untraced");
            }
            calls += n;
        }
        System.out.println("[trace validation seed=" + SEED + "] untraced fast paths agree with the traced ring on "
            + calls + " calls");
    }
}
