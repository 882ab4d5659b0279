package org.hvref.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one TLC run found.
 *
 * @param exitCode        TLC's exit code (0 ok, 10 assumption, 11 deadlock, 12 invariant, 13 property, 75/150/151/255
 *                        errors), or -1 when the run was killed on timeout
 * @param verdict         the outcome
 * @param violated        the violated invariant or property, or {@code null} when none or when TLC does not name it
 * @param distinctStates  distinct states found (the last statistics TLC printed), or -1 if none were printed
 * @param generatedStates states generated, or -1
 * @param counterexample  the behaviour TLC printed after a violation ({@link Counterexample#NONE} if none)
 * @param errors          the text of TLC's error messages, in order
 * @param output          TLC's whole output, for diagnostics
 * @param elapsed         wall-clock time of the run
 */
public record TlcResult(int exitCode, TlcVerdict verdict, String violated, long distinctStates,
                        long generatedStates, Counterexample counterexample, List<String> errors, String output,
                        Duration elapsed) {

    /** Validates and freezes the result. */
    public TlcResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(counterexample, "counterexample");
        errors = List.copyOf(errors);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** A one-line summary, e.g. {@code liveness NoLostWakeupProp (8402 distinct states, exit 13, 2.1 s)}. */
    public String summary() {
        return verdict.manifestName() + (violated == null ? "" : " " + violated) + " (" + distinctStates
                + " distinct states, exit " + exitCode + ", " + String.format(java.util.Locale.ROOT, "%.1f s",
                elapsed.toMillis() / 1000.0) + ")";
    }

    /** The last {@code lines} lines of the output, for failure messages. */
    public String outputTail(int lines) {
        String[] all = output.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }
}
