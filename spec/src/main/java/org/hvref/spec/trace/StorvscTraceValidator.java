package org.hvref.spec.trace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;

/**
 * Checks traces of a Java StorVSC guest and VSP host (storvsc/CONTRACT.md) against
 * {@code storvsc/TraceStorvscProtocol.tla}: writes them as the generated module
 * {@value TraceModuleWriter#STORVSC_LOG_MODULE} in a scratch copy of the spec tree and runs TLC (deadlock checking on).
 *
 * <p>TLC exit 0 accepts every trace; a deadlock (exit 11) means the event at the cursor of the last state could not
 * be replayed, which names the trace and the event. Every constant (version lists, attached LUNs, multi-channel
 * support, ids, bounds) is derived from the traces by the trace spec. Large batches are split as by
 * {@link TraceValidator}.
 */
public final class StorvscTraceValidator {

    /** The trace spec, relative to the spec root. */
    public static final String SPEC = "storvsc/TraceStorvscProtocol";

    /** Its configuration. */
    public static final String CFG = "storvsc/TraceStorvscProtocol.cfg";

    /** Folder of the trace spec, where the generated module goes. */
    public static final String SPEC_FOLDER = "storvsc";

    private final LogTraceValidator validator;

    /** A validator with the default chunk size and {@link TlcRunner#DEFAULT_TIMEOUT} per TLC run. */
    public StorvscTraceValidator(TlcRunner runner, SpecFiles specFiles) {
        this(runner, specFiles, TraceValidator.DEFAULT_MAX_EVENTS_PER_MODULE, TlcRunner.DEFAULT_TIMEOUT);
    }

    /** A validator splitting batches into modules of at most {@code maxEventsPerModule} events. */
    public StorvscTraceValidator(TlcRunner runner, SpecFiles specFiles, int maxEventsPerModule, Duration timeout) {
        this.validator = new LogTraceValidator(SPEC, CFG, SPEC_FOLDER, TraceModuleWriter.STORVSC_LOG_MODULE,
                TraceModuleWriter::renderStorvsc, runner, specFiles, maxEventsPerModule, timeout);
    }

    /**
     * Validates the traces.
     *
     * @param traces the traces, each a list of event maps ({@code "e"} = action name, fields of storvsc/CONTRACT.md)
     * @return {@link TraceVerdict.Accepted}, or {@link TraceVerdict.Rejected} naming the first trace and event that is
     *         not a step of {@code StorvscProtocol}
     * @throws IllegalArgumentException if an event is malformed (checked before TLC runs)
     * @throws IllegalStateException    if TLC fails to give a verdict (error, timeout)
     */
    public TraceVerdict validate(List<List<Map<String, Object>>> traces) {
        return validator.validate(traces);
    }
}
