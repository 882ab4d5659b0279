package org.hvref.spec;

import java.util.Locale;

/** The outcome of one TLC run, as named in {@code manifest.json} ({@code "expect"}). */
public enum TlcVerdict {
    /** Model checking completed with no error (exit 0). */
    PASS,
    /** An invariant is violated (exit 12). */
    INVARIANT,
    /** A temporal (liveness) property is violated (exit 13). */
    LIVENESS,
    /** An action property, such as a refinement {@code []}[A]_v, is violated (exit 13, message 2112). */
    PROPERTY,
    /** A reachable state has no successor and deadlock checking is on (exit 11). */
    DEADLOCK,
    /** An ASSUME is false (exit 10). */
    ASSUMPTION,
    /** TLC could not check the model: parse, cfg or evaluation error, crash. */
    ERROR,
    /** The run exceeded its time limit and was killed. */
    TIMEOUT;

    /** The lower-case name used in the manifest. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a manifest name such as {@code "liveness"}. */
    public static TlcVerdict fromManifestName(String name) {
        for (TlcVerdict v : values()) {
            if (v.manifestName().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("verdict: " + name
                + " (expected: pass, invariant, liveness, property, deadlock, assumption, error or timeout)");
    }

    /** The verdict that TLC's exit code stands for (13 is refined by the messages into liveness or property). */
    static TlcVerdict fromExitCode(int exitCode) {
        switch (exitCode) {
            case 0:
                return PASS;
            case 10:
                return ASSUMPTION;
            case 11:
                return DEADLOCK;
            case 12:
                return INVARIANT;
            case 13:
                return LIVENESS;
            default:
                return ERROR;
        }
    }
}
