package org.hvref.spec.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hvref.spec.Counterexample;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;

/**
 * Checks Java ring traces against {@code ring/TraceVmbusRing.tla}: writes them as the generated module
 * {@value TraceModuleWriter#LOG_MODULE} in a scratch copy of the spec tree and runs TLC (deadlock checking on).
 *
 * <p>TLC exit 0 accepts every trace of the module; a deadlock (exit 11) means the event at the cursor of the last
 * state could not be replayed, which names the trace and the event. Large batches are split into modules of at most
 * {@link #DEFAULT_MAX_EVENTS_PER_MODULE} events (a longer single trace gets a module of its own), one TLC run each;
 * validation stops at the first rejected module.
 */
public final class TraceValidator {

    /** Events per generated module above which a batch is split. */
    public static final int DEFAULT_MAX_EVENTS_PER_MODULE = 10_000;

    /** The trace spec, relative to the spec root. */
    public static final String SPEC = "ring/TraceVmbusRing";

    /** Its configuration. */
    public static final String CFG = "ring/TraceVmbusRing.cfg";

    /** Folder of the trace spec, where the generated module goes. */
    public static final String SPEC_FOLDER = "ring";

    private final TlcRunner runner;
    private final SpecFiles specFiles;
    private final int maxEventsPerModule;
    private final Duration timeout;

    /** A validator with the default chunk size and {@link TlcRunner#DEFAULT_TIMEOUT} per TLC run. */
    public TraceValidator(TlcRunner runner, SpecFiles specFiles) {
        this(runner, specFiles, DEFAULT_MAX_EVENTS_PER_MODULE, TlcRunner.DEFAULT_TIMEOUT);
    }

    /** A validator splitting batches into modules of at most {@code maxEventsPerModule} events. */
    public TraceValidator(TlcRunner runner, SpecFiles specFiles, int maxEventsPerModule, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.specFiles = Objects.requireNonNull(specFiles, "specFiles");
        if (maxEventsPerModule < 1) {
            throw new IllegalArgumentException("max events per module: " + maxEventsPerModule + " (expected: >= 1)");
        }
        this.maxEventsPerModule = maxEventsPerModule;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Validates the traces.
     *
     * @param traces          the traces, each a list of event maps (see {@link TraceModuleWriter})
     * @param dataSizes       each trace's data-region size
     * @param featPendingSend each trace's feature bit
     * @return {@link TraceVerdict.Accepted}, or {@link TraceVerdict.Rejected} naming the first trace and event (in
     *         TLC's breadth-first order within the first failing module) that is not a step of the spec
     * @throws IllegalArgumentException if an event or constant is malformed (checked before TLC runs)
     * @throws IllegalStateException    if TLC fails to give a verdict (error, timeout)
     */
    public TraceVerdict validate(List<List<Map<String, Object>>> traces, List<Integer> dataSizes,
                                 List<Boolean> featPendingSend) {
        if (dataSizes.size() != traces.size() || featPendingSend.size() != traces.size()) {
            throw new IllegalArgumentException("trace constants: " + dataSizes.size() + " data sizes and "
                    + featPendingSend.size() + " feature bits (expected: " + traces.size() + " of each, one per trace)");
        }
        List<int[]> chunks = chunks(traces);
        for (int[] c : chunks) {
            // render every chunk once up front so that malformed input fails before any TLC run
            TraceModuleWriter.render(TraceModuleWriter.LOG_MODULE, traces.subList(c[0], c[1]),
                    dataSizes.subList(c[0], c[1]), featPendingSend.subList(c[0], c[1]));
        }
        long distinct = 0;
        for (int[] c : chunks) {
            TlcResult result = runChunk(traces.subList(c[0], c[1]), dataSizes.subList(c[0], c[1]),
                    featPendingSend.subList(c[0], c[1]));
            if (result.verdict() == TlcVerdict.DEADLOCK && !result.counterexample().isEmpty()) {
                Counterexample.State last = result.counterexample().last();
                int t = c[0] + Integer.parseInt(last.value("t")) - 1;
                int l = Integer.parseInt(last.value("l")) - 1;
                if (t < c[0] || t >= c[1] || l < 0 || l >= traces.get(t).size()) {
                    throw new IllegalStateException("trace validation: deadlock at t=" + last.value("t") + " l="
                            + last.value("l") + " (expected: a cursor inside the module's traces)");
                }
                return new TraceVerdict.Rejected(t, l, traces.get(t).get(l), last.variables());
            }
            if (result.verdict() != TlcVerdict.PASS) {
                throw new IllegalStateException("trace validation: TLC " + result.summary()
                        + " (expected: pass or deadlock)\n" + String.join("\n", result.errors()) + "\n"
                        + result.outputTail(40));
            }
            distinct += result.distinctStates();
        }
        return new TraceVerdict.Accepted(traces.size(), TraceModuleWriter.eventCount(traces), distinct,
                chunks.size());
    }

    private TlcResult runChunk(List<List<Map<String, Object>>> traces, List<Integer> dataSizes,
                               List<Boolean> featPendingSend) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("hvref-trace-");
            specFiles.copyTo(scratch);
            TraceModuleWriter.write(scratch.resolve(SPEC_FOLDER), TraceModuleWriter.LOG_MODULE, traces, dataSizes,
                    featPendingSend);
            return runner.run(scratch, SPEC, CFG, List.of(), timeout, null);
        } catch (IOException e) {
            throw new UncheckedIOException("trace validation: cannot create a scratch directory", e);
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
    }

    /** Consecutive [from, to) ranges of traces with at most maxEventsPerModule events each (at least one trace). */
    List<int[]> chunks(List<List<Map<String, Object>>> traces) {
        return chunks(traces, maxEventsPerModule);
    }

    /** Consecutive [from, to) ranges of traces with at most {@code maxEventsPerModule} events each. */
    static List<int[]> chunks(List<List<Map<String, Object>>> traces, int maxEventsPerModule) {
        List<int[]> chunks = new ArrayList<>();
        int from = 0;
        long events = 0;
        for (int i = 0; i < traces.size(); i++) {
            int n = traces.get(i) == null ? 0 : traces.get(i).size();
            if (i > from && events + n > maxEventsPerModule) {
                chunks.add(new int[] {from, i});
                from = i;
                events = 0;
            }
            events += n;
        }
        if (from < traces.size()) {
            chunks.add(new int[] {from, traces.size()});
        }
        return chunks;
    }
}
