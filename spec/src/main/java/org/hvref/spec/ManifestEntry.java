package org.hvref.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One TLC check recorded in {@code manifest.json}: which module and cfg, and what TLC must report.
 *
 * @param spec           module path relative to the spec root without {@code .tla}, e.g. {@code ring/MCVmbusRing}
 * @param cfg            cfg path relative to the spec root, e.g. {@code ring/MCVmbusRing.cfg}
 * @param expect         the expected verdict: {@code pass}, {@code invariant}, {@code liveness}, {@code property}
 *                       or {@code deadlock}
 * @param violated       the invariant or property that must be violated, or {@code null}
 * @param distinctStates the distinct-state count TLC reports with {@code -fp 1 -workers 1}
 * @param hazard         the hazard a must-fail cfg reproduces (e.g. {@code "hazards.md #1"}), or {@code null}
 * @param note           free text, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(@JsonProperty("spec") String spec, @JsonProperty("cfg") String cfg,
                            @JsonProperty("expect") String expect, @JsonProperty("violated") String violated,
                            @JsonProperty("distinctStates") Long distinctStates,
                            @JsonProperty("hazard") String hazard, @JsonProperty("note") String note) {

    /** Validates the entry. */
    public ManifestEntry {
        if (spec == null || spec.isBlank() || spec.endsWith(".tla")) {
            throw new IllegalArgumentException("manifest spec: " + spec + " (expected: a module path such as "
                    + "ring/MCVmbusRing, without .tla)");
        }
        if (cfg == null || !cfg.endsWith(".cfg")) {
            throw new IllegalArgumentException("manifest cfg: " + cfg + " (expected: a path ending in .cfg)");
        }
        TlcVerdict verdict = TlcVerdict.fromManifestName(expect);
        if (verdict == TlcVerdict.ERROR || verdict == TlcVerdict.TIMEOUT) {
            throw new IllegalArgumentException("manifest expect of " + cfg + ": " + expect
                    + " (expected: pass, invariant, liveness, property, deadlock or assumption)");
        }
        if (verdict == TlcVerdict.PASS && violated != null) {
            throw new IllegalArgumentException("manifest violated of " + cfg + ": " + violated
                    + " (expected: null for a passing cfg)");
        }
        if (distinctStates == null || distinctStates < 0) {
            throw new IllegalArgumentException("manifest distinctStates of " + cfg + ": " + distinctStates
                    + " (expected: a count >= 0)");
        }
    }

    /** The expected verdict. */
    public TlcVerdict expectedVerdict() {
        return TlcVerdict.fromManifestName(expect);
    }

    /**
     * Compares a TLC result with this entry: verdict, violated property, distinct-state count, and that a must-fail
     * cfg produced a counterexample while a passing one did not.
     *
     * @param result what TLC reported for this entry's cfg
     * @return each difference as {@code what: actual (expected: ...)}; empty when the result matches
     */
    public List<String> drift(TlcResult result) {
        List<String> drift = new ArrayList<>();
        if (result.verdict() != expectedVerdict()) {
            drift.add("verdict: " + result.verdict().manifestName() + " (expected: " + expect + ")");
        }
        if (!Objects.equals(result.violated(), violated)) {
            drift.add("violated: " + result.violated() + " (expected: " + violated + ")");
        }
        if (result.distinctStates() != distinctStates) {
            drift.add(String.format(Locale.ROOT, "distinct states: %d (expected: %d)", result.distinctStates(),
                    distinctStates));
        }
        boolean mustFail = expectedVerdict() != TlcVerdict.PASS;
        if (result.verdict() == expectedVerdict() && mustFail == result.counterexample().isEmpty()) {
            drift.add("counterexample: " + (mustFail ? "none (expected: one for a must-fail config)"
                    : result.counterexample().states().size() + " states (expected: none for a passing config)"));
        }
        return drift;
    }

    /** A short name for reports and dynamic tests, e.g. {@code ring/MCVmbusRing_copybuf_bug.cfg}. */
    public String displayName() {
        return cfg;
    }
}
