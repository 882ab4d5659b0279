package org.hvref.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestEntryTest {
    private static final Counterexample TWO_STATES = new Counterexample(List.of(
            new Counterexample.State(1, Counterexample.INITIAL, Map.of("wi", "0")),
            new Counterexample.State(2, "WriterCopy", Map.of("wi", "0"))), Counterexample.Ending.NONE, 0);

    private static TlcResult result(TlcVerdict verdict, String violated, long distinct, Counterexample trace) {
        return new TlcResult(verdict == TlcVerdict.PASS ? 0 : 13, verdict, violated, distinct, distinct * 2, trace,
                List.of(), "", Duration.ofSeconds(1));
    }

    private static ManifestEntry bug() {
        return new ManifestEntry("ring/MCVmbusRing", "ring/MCVmbusRing_no_recheck_bug.cfg", "liveness",
                "NoLostWakeupProp", 8386L, "#1", null);
    }

    @Test
    void shouldReportNoDriftWhenEverythingMatches() {
        assertEquals(List.of(), bug().drift(result(TlcVerdict.LIVENESS, "NoLostWakeupProp", 8386, TWO_STATES)));
    }

    @Test
    void shouldReportEachDifferenceInTheErrorGrammar() {
        assertEquals(List.of("verdict: pass (expected: liveness)", "violated: null (expected: NoLostWakeupProp)",
                        "distinct states: 9000 (expected: 8386)"),
                bug().drift(result(TlcVerdict.PASS, null, 9000, Counterexample.NONE)));
    }

    @Test
    void shouldRequireACounterexampleForAMustFailCfgAndNoneForAPassingOne() {
        assertEquals(List.of("counterexample: none (expected: one for a must-fail config)"),
                bug().drift(result(TlcVerdict.LIVENESS, "NoLostWakeupProp", 8386, Counterexample.NONE)));
        ManifestEntry good = new ManifestEntry("ring/MCVmbusRing", "ring/MCVmbusRing.cfg", "pass", null, 8614L,
                null, null);
        assertEquals(List.of("counterexample: 2 states (expected: none for a passing config)"),
                good.drift(result(TlcVerdict.PASS, null, 8614, TWO_STATES)));
    }
}
