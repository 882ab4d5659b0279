package org.hvref.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A thread-safe in-memory {@link SpecTracer}: one lock for every party, so {@link #events()} is one total order.
 */
public final class RecordingTracer implements SpecTracer {
    private final Object lock = new Object();
    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Object lock() {
        return lock;
    }

    @Override
    public void record(String action, Map<String, Object> fields) {
        TraceEvent event = new TraceEvent(action, fields);
        synchronized (lock) {
            events.add(event);
        }
    }

    /** @return a snapshot of the events recorded so far, oldest first */
    public List<TraceEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** @return the events recorded so far and forgets them, atomically */
    public List<TraceEvent> drain() {
        synchronized (lock) {
            List<TraceEvent> copy = List.copyOf(events);
            events.clear();
            return copy;
        }
    }

    /** Forgets every recorded event. */
    public void clear() {
        synchronized (lock) {
            events.clear();
        }
    }

    /** @return the number of events recorded so far */
    public int size() {
        synchronized (lock) {
            return events.size();
        }
    }

    @Override
    public String toString() {
        return "RecordingTracer[events=" + size() + "]";
    }
}
