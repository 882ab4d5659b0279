package org.hvref.spec.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hvref.spec.Counterexample;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;

/**
 * Checks traces of the Java IC host and guest (ic/CONTRACT-IcNegotiation.md) against {@code ic/TraceIcNegotiation.tla}:
 * writes them as the generated module {@value TraceModuleWriter#IC_LOG_MODULE} in a scratch copy of the spec
 * tree and runs TLC (deadlock checking on).
 *
 * <p>TLC exit 0 accepts every trace; a deadlock (exit 11) means the event at the cursor of the last state could not
 * be replayed, which names the trace and the event. Every constant (host offer, guest family and lists, consumer, request bound) is derived
 * from the traces by the trace spec. Large batches are split as by {@link TraceValidator}.
 */
public final class IcTraceValidator {

    /** The trace spec, relative to the spec root. */
    public static final String SPEC = "ic/TraceIcNegotiation";

    /** Its configuration. */
    public static final String CFG = "ic/TraceIcNegotiation.cfg";

    /** Folder of the trace spec, where the generated module goes. */
    public static final String SPEC_FOLDER = "ic";

    private final TlcRunner runner;
    private final SpecFiles specFiles;
    private final int maxEventsPerModule;
    private final Duration timeout;

    /** A validator with the default chunk size and {@link TlcRunner#DEFAULT_TIMEOUT} per TLC run. */
    public IcTraceValidator(TlcRunner runner, SpecFiles specFiles) {
        this(runner, specFiles, TraceValidator.DEFAULT_MAX_EVENTS_PER_MODULE, TlcRunner.DEFAULT_TIMEOUT);
    }

    /** A validator splitting batches into modules of at most {@code maxEventsPerModule} events. */
    public IcTraceValidator(TlcRunner runner, SpecFiles specFiles, int maxEventsPerModule, Duration timeout) {
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
     * @param traces the traces, each a list of event maps ({@code "e"} = action name, fields of ic/CONTRACT-IcNegotiation.md)
     * @return {@link TraceVerdict.Accepted}, or {@link TraceVerdict.Rejected} naming the first trace and event that is
     *         not a step of {@code IcNegotiation}
     * @throws IllegalArgumentException if an event is malformed (checked before TLC runs)
     * @throws IllegalStateException    if TLC fails to give a verdict (error, timeout)
     */
    public TraceVerdict validate(List<List<Map<String, Object>>> traces) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("traces: none (expected: at least one trace)");
        }
        List<int[]> chunks = TraceValidator.chunks(traces, maxEventsPerModule);
        for (int[] c : chunks) {
            // render every chunk once up front so that malformed input fails before any TLC run
            TraceModuleWriter.renderIc(TraceModuleWriter.IC_LOG_MODULE, traces.subList(c[0], c[1]));
        }
        long distinct = 0;
        for (int[] c : chunks) {
            TlcResult result = runChunk(traces.subList(c[0], c[1]));
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

    private TlcResult runChunk(List<List<Map<String, Object>>> traces) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("hvref-ictrace-");
            specFiles.copyTo(scratch);
            TraceModuleWriter.writeIc(scratch.resolve(SPEC_FOLDER), TraceModuleWriter.IC_LOG_MODULE, traces);
            return runner.run(scratch, SPEC, CFG, List.of(), timeout, null);
        } catch (IOException e) {
            throw new UncheckedIOException("trace validation: cannot create a scratch directory", e);
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
    }
}
