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
 * The TLC run shared by the trace validators whose log module holds only {@code Traces} (channel, IC, StorVSC):
 * renders the traces in chunks into a scratch copy of the spec tree, runs the trace spec with deadlock checking on,
 * and maps a deadlock (exit 11) to the trace and event at the cursor {@code t}, {@code l} of the last state.
 */
final class LogTraceValidator {

    /**
     * Renders a log module from traces ({@link TraceModuleWriter#renderChannel}, {@link TraceModuleWriter#renderIc},
     * {@link TraceModuleWriter#renderStorvsc}).
     */
    @FunctionalInterface
    interface Renderer {
        String render(String moduleName, List<List<Map<String, Object>>> traces);
    }

    private final String spec;
    private final String cfg;
    private final String folder;
    private final String module;
    private final Renderer renderer;
    private final TlcRunner runner;
    private final SpecFiles specFiles;
    private final int maxEventsPerModule;
    private final Duration timeout;

    LogTraceValidator(String spec, String cfg, String folder, String module, Renderer renderer, TlcRunner runner,
            SpecFiles specFiles, int maxEventsPerModule, Duration timeout) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.module = Objects.requireNonNull(module, "module");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.specFiles = Objects.requireNonNull(specFiles, "specFiles");
        if (maxEventsPerModule < 1) {
            throw new IllegalArgumentException("max events per module: " + maxEventsPerModule + " (expected: >= 1)");
        }
        this.maxEventsPerModule = maxEventsPerModule;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    TraceVerdict validate(List<List<Map<String, Object>>> traces) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("traces: none (expected: at least one trace)");
        }
        List<int[]> chunks = TraceValidator.chunks(traces, maxEventsPerModule);
        for (int[] c : chunks) {
            // render every chunk once up front so that malformed input fails before any TLC run
            renderer.render(module, traces.subList(c[0], c[1]));
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
            scratch = Files.createTempDirectory("hvref-trace-" + folder + "-");
            specFiles.copyTo(scratch);
            Files.writeString(scratch.resolve(folder).resolve(module + ".tla"), renderer.render(module, traces));
            return runner.run(scratch, spec, cfg, List.of(), timeout, null);
        } catch (IOException e) {
            throw new UncheckedIOException("trace validation: cannot create a scratch directory", e);
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
    }
}
