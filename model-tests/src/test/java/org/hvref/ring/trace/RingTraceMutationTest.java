package org.hvref.ring.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hvref.ring.RingActions;
import org.hvref.ring.model.RingSpecModel;
import org.hvref.spec.trace.TraceVerdict;
import org.junit.jupiter.api.Test;

/**
 * The trace checker bites: real Java traces, mutated the ways a broken implementation or a broken tracer would
 * differ, are rejected by TLC at the right event.
 *
 * <p>Each mutant's expected verdict comes from {@link RingSpecModel#replay} (a Java transcription of
 * TraceVmbusRing's {@code Replay}); for the mutations whose position is known in advance the expectation is also
 * fixed by construction (a wrong loaded/stored {@code wi}/{@code ri} or {@code sig} at event k is rejected at k; a
 * {@code ReaderRead} duplicated after k is rejected at k+1). TLC must agree with both on every mutant, in one run
 * of {@code TraceVmbusRingAll} (a verdict per trace). Two mutants also go through the project's
 * {@code TraceValidator} among valid traces, which must name the mutant and the event.
 */
class RingTraceMutationTest {

    /** Seed of the base traces and mutation positions. */
    static final long SEED = Long.getLong("hvref.mutation.seed", 0xB17E_2026L);

    /** How a trace is mutated. */
    enum Mutation {
        /** Event k is removed (not its side's last event, not a WriterFull: a retry may repeat one invisibly). */
        DROP,
        /** Events k and k+1 change places. */
        SWAP,
        /** A loaded or stored write_index at event k is off by 8. */
        WRONG_WI,
        /** A loaded or stored read_index at event k is off by 8. */
        WRONG_RI,
        /** The signalling decision at event k is inverted. */
        WRONG_SIG,
        /** The ReaderRead at event k is logged twice: the packet is read twice. */
        READ_TWICE
    }

    record Mutant(Mutation kind, int base, int at, int expectedAt, RingTraceChecker.Trace trace) {
    }

    @Test
    void mutatedJavaTracesAreRejectedAtTheRightEvent() throws Exception {
        Random rnd = new Random(SEED);
        List<RingTraceChecker.Trace> bases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bases.add(RingScenarios.singleThreaded(rnd.nextLong(), 40 + rnd.nextInt(60)));
        }
        bases.add(RingScenarios.twoThreads(rnd.nextLong(), 256, true, 60));
        bases.add(RingScenarios.twoThreads(rnd.nextLong(), 128, false, 60));

        List<Mutant> mutants = new ArrayList<>();
        for (int b = 0; b < bases.size(); b++) {
            for (Mutation m : Mutation.values()) {
                for (int copy = 0; copy < 2; copy++) {
                    Mutant mu = mutate(bases.get(b), b, m, rnd);
                    if (mu != null) {
                        mutants.add(mu);
                    }
                }
            }
        }
        List<RingTraceChecker.Trace> batch = new ArrayList<>(bases);
        mutants.forEach(mu -> batch.add(mu.trace()));
        int[] verdict = RingTraceChecker.verdictPerTrace(batch);

        for (int b = 0; b < bases.size(); b++) {
            assertEquals(-1, verdict[b], bases.get(b).name() + ": unmutated trace (expected: accepted)");
        }
        Map<Mutation, int[]> tally = new EnumMap<>(Mutation.class);
        for (int i = 0; i < mutants.size(); i++) {
            Mutant mu = mutants.get(i);
            int got = verdict[bases.size() + i];
            assertEquals(mu.expectedAt(), got, () -> mu.kind() + " at event " + (mu.at() + 1) + " of "
                + bases.get(mu.base()).name() + " (seed " + SEED + "): TLC verdict (-1 = accepted, else the 0-based "
                + "rejected event) vs RingSpecModel's");
            int[] t = tally.computeIfAbsent(mu.kind(), k -> new int[2]);
            t[got < 0 ? 1 : 0]++;
        }
        for (Mutation m : Mutation.values()) {
            int[] t = tally.get(m);
            assertTrue(t != null && t[0] >= 20, m + ": at least 20 rejected mutants (expected) but " + (t == null
                ? 0 : t[0]));
            if (m != Mutation.SWAP) {
                assertEquals(0, t[1], m + ": every mutant rejected");
            }
        }
        StringBuilder sb = new StringBuilder();
        tally.forEach((k, t) -> sb.append(' ').append(k).append('=').append(t[0]).append(" rejected")
            .append(t[1] > 0 ? "/" + t[1] + " accepted (commuting swaps)" : ""));
        System.out.println("[trace mutations seed=" + SEED + "] " + mutants.size() + " mutants of " + bases.size()
            + " real traces, one TLC run, every verdict as predicted:" + sb);

        // The project's TraceValidator (deadlock = rejection) names the mutant among valid traces, and its event.
        for (Mutation m : List.of(Mutation.WRONG_RI, Mutation.READ_TWICE)) {
            Mutant mu = mutants.stream().filter(x -> x.kind() == m && x.base() < 20).findFirst().orElseThrow();
            List<RingTraceChecker.Trace> withOne = new ArrayList<>(bases.subList(0, 10));
            withOne.add(5, mu.trace());
            TraceVerdict v = RingTraceChecker.validate(withOne);
            assertFalse(v.accepted(), m + ": TraceValidator accepted a mutant");
            TraceVerdict.Rejected r = (TraceVerdict.Rejected) v;
            assertEquals(5, r.traceIndex(), m + ": rejected trace");
            assertEquals(mu.expectedAt(), r.eventIndex(), m + ": rejected event");
            System.out.println("[trace mutations] TraceValidator: " + r.message());
        }
    }

    /** A mutant of {@code base}, or null if the trace has no event the mutation applies to. */
    static Mutant mutate(RingTraceChecker.Trace base, int b, Mutation kind, Random rnd) {
        List<Map<String, Object>> ev = new ArrayList<>(base.events());
        int n = ev.size();
        List<Integer> candidates = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Object> e = ev.get(k);
            boolean ok = switch (kind) {
                // dropping a side's last event leaves a shorter behaviour, and a WriterFull repeated by a retry
                // changes nothing the spec sees: neither is an error
                case DROP -> !lastOfItsSide(ev, k) && !e.get("e").equals(RingActions.WRITER_FULL);
                case SWAP -> k < n - 1 && !e.equals(ev.get(k + 1));
                case WRONG_WI -> e.containsKey("wi");
                case WRONG_RI -> e.containsKey("ri");
                case WRONG_SIG -> e.containsKey("sig");
                case READ_TWICE -> e.get("e").equals(RingActions.READER_READ);
            };
            if (ok) {
                candidates.add(k);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int k = candidates.get(rnd.nextInt(candidates.size()));
        int fixedAt;
        switch (kind) {
            case DROP:
                ev.remove(k);
                fixedAt = -2;
                break;
            case SWAP:
                ev.set(k, base.events().get(k + 1));
                ev.set(k + 1, base.events().get(k));
                fixedAt = -2;
                break;
            case WRONG_WI:
                ev.set(k, with(ev.get(k), "wi", ((Number) ev.get(k).get("wi")).longValue() + 8));
                fixedAt = k;
                break;
            case WRONG_RI:
                ev.set(k, with(ev.get(k), "ri", ((Number) ev.get(k).get("ri")).longValue() + 8));
                fixedAt = k;
                break;
            case WRONG_SIG:
                ev.set(k, with(ev.get(k), "sig", !((Boolean) ev.get(k).get("sig"))));
                fixedAt = k;
                break;
            case READ_TWICE:
                ev.add(k + 1, ev.get(k));
                fixedAt = k + 1;
                break;
            default:
                throw new AssertionError("unreachable: " + kind);
        }
        int predicted = new RingSpecModel(RingSpecModel.Config.good(base.dataSize(), Set.of(), Integer.MAX_VALUE,
            base.feat())).replayAll(ev);
        if (fixedAt != -2 && predicted != fixedAt) {
            throw new AssertionError(kind + " at " + k + " of " + base.name() + ": RingSpecModel rejects at "
                + predicted + " (expected: " + fixedAt + ")");
        }
        if (kind == Mutation.DROP && (predicted < k && predicted != -1)) {
            throw new AssertionError("DROP at " + k + ": rejected before the drop at " + predicted);
        }
        return new Mutant(kind, b, k, predicted, new RingTraceChecker.Trace(base.name() + " " + kind + "@" + k,
            base.dataSize(), base.feat(), ev));
    }

    private static boolean lastOfItsSide(List<Map<String, Object>> ev, int k) {
        String side = ((String) ev.get(k).get("e")).substring(0, 6);
        for (int i = k + 1; i < ev.size(); i++) {
            if (((String) ev.get(i).get("e")).startsWith(side)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> with(Map<String, Object> e, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(e);
        m.put(field, value);
        return m;
    }
}
