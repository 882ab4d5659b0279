package org.hvref.spec.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The verdict of trace validation: every trace is a behaviour of the spec, or the first event that is not. */
public sealed interface TraceVerdict permits TraceVerdict.Accepted, TraceVerdict.Rejected {

    /** Whether every trace was accepted. */
    boolean accepted();

    /**
     * Every trace was replayed to its end.
     *
     * @param traces         number of traces checked
     * @param events         number of events replayed
     * @param distinctStates distinct states TLC found over all modules
     * @param tlcRuns        number of TLC runs (one per module chunk)
     */
    record Accepted(int traces, long events, long distinctStates, int tlcRuns) implements TraceVerdict {
        @Override
        public boolean accepted() {
            return true;
        }
    }

    /**
     * An event could not be replayed as a step of the spec.
     *
     * @param traceIndex 0-based index of the trace in the caller's list
     * @param eventIndex 0-based index of the event in that trace
     * @param event      the event
     * @param state      the spec's variables (TLA+ text) just before the event, i.e. after the last accepted one
     */
    record Rejected(int traceIndex, int eventIndex, Map<String, Object> event, Map<String, String> state)
            implements TraceVerdict {

        /** Freezes the maps. */
        public Rejected {
            event = Collections.unmodifiableMap(new LinkedHashMap<>(event));
            state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
        }

        @Override
        public boolean accepted() {
            return false;
        }

        /** A readable reason, e.g. {@code trace 2 event 16: {e=...} cannot be replayed (expected: ...)}. */
        public String message() {
            return "trace " + (traceIndex + 1) + " event " + (eventIndex + 1) + ": " + event
                    + " cannot be replayed (expected: a step of the spec from the state " + state + ")";
        }
    }
}
