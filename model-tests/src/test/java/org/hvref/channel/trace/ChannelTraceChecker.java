package org.hvref.channel.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;
import org.hvref.spec.trace.TraceModuleWriter;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.TraceVerdict;

/**
 * Shared access to {@link ChannelTraceValidator} for the channel tests: the spec tree is materialised once per JVM
 * and every batch goes to TLC in as few runs as the validator's chunking allows.
 */
public final class ChannelTraceChecker {
    /** Events per generated module (one TLC run each). */
    public static final int EVENTS_PER_RUN = 40_000;

    private static final String ALL_SPEC = "channel/TraceVmbusChannelAll";
    private static final String ALL_CFG = "channel/TraceVmbusChannelAll.cfg";
    private static final Pattern STUCK = Pattern.compile("<<\"hvref-stuck\", (\\d+), (\\d+)>>");
    private static final Pattern DONE = Pattern.compile("<<\"hvref-done\", (\\d+)>>");

    private static SpecFiles specFiles;
    private static ChannelTraceValidator validator;
    private static Set<String> nextActions;

    private ChannelTraceChecker() {
    }

    /** @return the spec tree (materialised on first use, kept for the JVM) */
    public static synchronized SpecFiles specFiles() {
        if (specFiles == null) {
            specFiles = SpecFiles.materialize();
        }
        return specFiles;
    }

    /**
     * @param traces traces of channel/CONTRACT.md events
     * @return TLC's verdict on all of them against TraceVmbusChannel
     */
    public static synchronized TraceVerdict validate(List<List<Map<String, Object>>> traces) {
        if (validator == null) {
            validator = new ChannelTraceValidator(TlcRunner.usingClasspath(), specFiles(), EVENTS_PER_RUN,
                    Duration.ofMinutes(5));
        }
        return validator.validate(traces);
    }

    /**
     * Checks every trace in one TLC run of {@code TraceVmbusChannelAll} (test resource) and returns each verdict.
     *
     * @param traces traces of channel/CONTRACT.md events
     * @return for each trace, in order: -1 if TLC replayed it to its end, else the 0-based index of the event that
     *         could not be replayed
     * @throws AssertionError if TLC fails or a trace gets no verdict or two
     */
    public static int[] verdictPerTrace(List<List<Map<String, Object>>> traces) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("hvref-chtrace-all-");
            specFiles().copyTo(scratch);
            for (String f : List.of("TraceVmbusChannelAll.tla", "TraceVmbusChannelAll.cfg")) {
                try (InputStream in = ChannelTraceChecker.class.getResourceAsStream("/tla/channel/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("resource: /tla/channel/" + f + " (expected: on the classpath)");
                    }
                    Files.copy(in, scratch.resolve("channel").resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            TraceModuleWriter.writeChannel(scratch.resolve("channel"), TraceModuleWriter.CHANNEL_LOG_MODULE, traces);
            TlcResult r = TlcRunner.usingClasspath().run(scratch, ALL_SPEC, ALL_CFG, List.of(), Duration.ofMinutes(5),
                    null);
            if (r.verdict() != TlcVerdict.PASS) {
                throw new AssertionError("TraceVmbusChannelAll: TLC " + r.summary() + " (expected: pass)\n"
                        + String.join("\n", r.errors()) + "\n" + r.outputTail(40));
            }
            return parseVerdicts(r.output(), traces.size());
        } catch (IOException e) {
            throw new UncheckedIOException("trace verdicts: scratch directory", e);
        } finally {
            TlcRunner.deleteScratch(scratch);
        }
    }

    private static int[] parseVerdicts(String output, int traces) {
        Map<Integer, Integer> verdict = new HashMap<>();
        Matcher s = STUCK.matcher(output);
        while (s.find()) {
            put(verdict, Integer.parseInt(s.group(1)) - 1, Integer.parseInt(s.group(2)) - 1);
        }
        Matcher d = DONE.matcher(output);
        while (d.find()) {
            put(verdict, Integer.parseInt(d.group(1)) - 1, -1);
        }
        int[] out = new int[traces];
        for (int i = 0; i < traces; i++) {
            Integer v = verdict.get(i);
            if (v == null) {
                throw new AssertionError("TraceVmbusChannelAll: no verdict for trace " + (i + 1)
                        + " (expected: hvref-stuck or hvref-done)");
            }
            out[i] = v;
        }
        return out;
    }

    private static void put(Map<Integer, Integer> verdict, int trace, int v) {
        Integer old = verdict.put(trace, v);
        if (old != null && old != v) {
            throw new AssertionError("TraceVmbusChannelAll: trace " + (trace + 1) + " has verdicts " + old + " and "
                    + v + " (expected: one; ReplayEvent must be deterministic)");
        }
    }

    /**
     * @param v      a rejection
     * @param traces the traces it is about
     * @return its message, the state TLC was in and the 20 events before the rejected one
     */
    public static String describe(TraceVerdict.Rejected v, List<List<Map<String, Object>>> traces) {
        List<Map<String, Object>> t = traces.get(v.traceIndex());
        StringBuilder b = new StringBuilder(v.message()).append("\n  state: ").append(v.state()).append("\n  events:");
        for (int i = Math.max(0, v.eventIndex() - 20); i <= v.eventIndex(); i++) {
            b.append("\n    ").append(i).append(": ").append(t.get(i));
        }
        return b.toString();
    }

    /** @return the actions of VmbusChannel's Next, read from the spec by SANY */
    public static synchronized Set<String> channelActions() {
        if (nextActions == null) {
            nextActions = SpecNextActions.of(specFiles().resolve("channel/VmbusChannel.tla"));
        }
        return nextActions;
    }
}
