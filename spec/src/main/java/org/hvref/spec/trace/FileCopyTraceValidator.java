package org.hvref.spec.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.hvref.spec.Counterexample;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;

/**
 * Checks traces of the Java file-copy host and guest (ic/CONTRACT.md) against {@code ic/TraceFileCopy.tla}: writes
 * them as the generated module {@value #LOG_MODULE} in a scratch copy of the spec tree and runs TLC (deadlock
 * checking on). TLC exit 0 accepts every trace; a deadlock means the event at the cursor of the last state could not
 * be replayed.
 */
public final class FileCopyTraceValidator {

    /** The trace spec, relative to the spec root. */
    public static final String SPEC = "ic/TraceFileCopy";

    /** Its configuration. */
    public static final String CFG = "ic/TraceFileCopy.cfg";

    /** Folder of the trace spec, where the generated module goes. */
    public static final String SPEC_FOLDER = "ic";

    /** Name of the generated log module. */
    public static final String LOG_MODULE = "TraceFileCopyLog";

    /** Integer fields of the events. */
    public static final Set<String> NUMBER_FIELDS = Set.of("off", "len", "size", "status");

    /** Boolean fields of the events. */
    public static final Set<String> BOOLEAN_FIELDS = Set.of("ow", "ok");

    /** String fields of the events. */
    public static final Set<String> STRING_FIELDS = Set.of("op");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern SAFE_STRING = Pattern.compile("[A-Za-z0-9_]*");

    private final TlcRunner runner;
    private final SpecFiles specFiles;
    private final Duration timeout;

    /** A validator with {@link TlcRunner#DEFAULT_TIMEOUT} per TLC run. */
    public FileCopyTraceValidator(TlcRunner runner, SpecFiles specFiles) {
        this(runner, specFiles, TlcRunner.DEFAULT_TIMEOUT);
    }

    /** A validator with the given timeout per TLC run. */
    public FileCopyTraceValidator(TlcRunner runner, SpecFiles specFiles, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.specFiles = Objects.requireNonNull(specFiles, "specFiles");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Validates the traces in one TLC run (file-copy traces are short).
     *
     * @param traces        the traces, each a list of event maps ({@code "e"} = action name, fields of
     *                      ic/CONTRACT.md)
     * @param targetExisted per trace, whether the target file existed before the trace
     * @return {@link TraceVerdict.Accepted}, or {@link TraceVerdict.Rejected} naming the first trace and event that is
     *         not a step of {@code FileCopy}
     * @throws IllegalArgumentException if an event is malformed (checked before TLC runs)
     * @throws IllegalStateException    if TLC fails to give a verdict (error, timeout)
     */
    public TraceVerdict validate(List<List<Map<String, Object>>> traces, List<Boolean> targetExisted) {
        String module = render(LOG_MODULE, traces, targetExisted);
        Path scratch = null;
        TlcResult result;
        try {
            scratch = Files.createTempDirectory("hvref-fctrace-");
            specFiles.copyTo(scratch);
            Path dir = scratch.resolve(SPEC_FOLDER);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(LOG_MODULE + ".tla"), module, StandardCharsets.UTF_8);
            result = runner.run(scratch, SPEC, CFG, List.of(), timeout, null);
        } catch (IOException e) {
            throw new UncheckedIOException("trace validation: cannot create a scratch directory", e);
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
        if (result.verdict() == TlcVerdict.DEADLOCK && !result.counterexample().isEmpty()) {
            Counterexample.State last = result.counterexample().last();
            int t = Integer.parseInt(last.value("t")) - 1;
            int l = Integer.parseInt(last.value("l")) - 1;
            if (t < 0 || t >= traces.size() || l < 0 || l >= traces.get(t).size()) {
                throw new IllegalStateException("trace validation: deadlock at t=" + last.value("t") + " l="
                        + last.value("l") + " (expected: a cursor inside the traces)");
            }
            return new TraceVerdict.Rejected(t, l, traces.get(t).get(l), last.variables());
        }
        if (result.verdict() != TlcVerdict.PASS) {
            throw new IllegalStateException("trace validation: TLC " + result.summary()
                    + " (expected: pass or deadlock)\n" + String.join("\n", result.errors()) + "\n"
                    + result.outputTail(40));
        }
        return new TraceVerdict.Accepted(traces.size(), TraceModuleWriter.eventCount(traces),
                result.distinctStates(), 1);
    }

    /**
     * Renders the log module: {@code Traces} and {@code TraceOld}.
     *
     * @param moduleName    the module name
     * @param traces        the traces
     * @param targetExisted per trace, whether the target existed before it
     * @return the module text
     */
    public static String render(String moduleName, List<List<Map<String, Object>>> traces,
                                List<Boolean> targetExisted) {
        if (!IDENTIFIER.matcher(moduleName).matches()) {
            throw new IllegalArgumentException("module name: " + moduleName + " (expected: an identifier)");
        }
        if (traces.isEmpty() || targetExisted.size() != traces.size()) {
            throw new IllegalArgumentException("traces: " + traces.size() + " with " + targetExisted.size()
                    + " target flags (expected: at least one trace, one flag per trace)");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(moduleName).append(" ----\n");
        sb.append("\\* Generated by org.hvref.spec.trace.FileCopyTraceValidator: ").append(traces.size())
                .append(" trace(s) of the Java file-copy host and guest (ic/CONTRACT.md).\n");
        sb.append("EXTENDS Integers, Sequences\n");
        sb.append("Traces == <<");
        for (int t = 0; t < traces.size(); t++) {
            List<Map<String, Object>> trace = Objects.requireNonNull(traces.get(t), "trace");
            sb.append(t == 0 ? "\n  <<" : ",\n  <<");
            for (int i = 0; i < trace.size(); i++) {
                sb.append(i == 0 ? "" : ",").append("\n    ");
                appendEvent(sb, trace.get(i), t, i);
            }
            sb.append(" >>");
        }
        sb.append("\n>>\nTraceOld == <<");
        for (int t = 0; t < targetExisted.size(); t++) {
            sb.append(t == 0 ? " " : ", ").append(targetExisted.get(t) ? "TRUE" : "FALSE");
        }
        sb.append(" >>\n====\n");
        return sb.toString();
    }

    private static void appendEvent(StringBuilder sb, Map<String, Object> event, int trace, int index) {
        String where = "trace " + (trace + 1) + " event " + (index + 1);
        Object name = event.get(TraceModuleWriter.EVENT);
        if (!(name instanceof String n) || !IDENTIFIER.matcher(n).matches()) {
            throw new IllegalArgumentException(where + " name: " + name + " (expected: an action name)");
        }
        sb.append("[e |-> \"").append(name).append('"');
        for (Map.Entry<String, Object> f : event.entrySet()) {
            String key = f.getKey();
            Object v = f.getValue();
            if (key.equals(TraceModuleWriter.EVENT)) {
                continue;
            }
            sb.append(", ").append(key).append(" |-> ");
            if (NUMBER_FIELDS.contains(key) && v instanceof Number number) {
                long x = number.longValue();
                if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(where + " " + key + ": " + x
                            + " (expected: a 32-bit signed integer for TLC)");
                }
                sb.append(x);
            } else if (BOOLEAN_FIELDS.contains(key) && v instanceof Boolean b) {
                sb.append(b ? "TRUE" : "FALSE");
            } else if (STRING_FIELDS.contains(key) && v instanceof String s && SAFE_STRING.matcher(s).matches()) {
                sb.append('"').append(s).append('"');
            } else {
                throw new IllegalArgumentException(where + " field " + key + ": " + v
                        + " (expected: one of the typed fields of ic/CONTRACT.md)");
            }
        }
        sb.append(']');
    }
}
