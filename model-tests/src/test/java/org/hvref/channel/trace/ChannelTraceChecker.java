package org.hvref.channel.trace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.TraceVerdict;

/**
 * Shared access to {@link ChannelTraceValidator} for the channel tests: the spec tree is materialised once per JVM
 * and every batch goes to TLC in as few runs as the validator's chunking allows.
 */
public final class ChannelTraceChecker {
    /** Events per generated module (one TLC run each). */
    public static final int EVENTS_PER_RUN = 40_000;

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
