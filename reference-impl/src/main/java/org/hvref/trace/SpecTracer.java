package org.hvref.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Receives one event per performed spec action.
 *
 * <p>Protocol for traced code: when {@link #enabled()}, perform each logged step while holding
 * {@code synchronized (tracer.lock())} and call {@link #record} before releasing it, so that the recorded order of
 * all parties sharing the tracer is a linearization of their real steps. When disabled, traced code skips the lock
 * and never builds an event (no allocation).
 */
public interface SpecTracer {
    /** A tracer that records nothing; traced code runs lock-free and allocation-free with it. */
    SpecTracer OFF = new SpecTracer() {
        private final Object lock = new Object();

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Object lock() {
            return lock;
        }

        @Override
        public void record(String action, Map<String, Object> fields) {
            // records nothing by definition
        }

        @Override
        public String toString() {
            return "SpecTracer.OFF";
        }
    };

    /** @return whether events are recorded; constant for the tracer's lifetime */
    boolean enabled();

    /** @return the single lock that every party sharing this tracer holds around each logged step */
    Object lock();

    /**
     * Records an event. Called with {@link #lock()} held.
     *
     * @param action the TLA+ action name
     * @param fields the fields in order (the tracer copies them)
     */
    void record(String action, Map<String, Object> fields);

    /**
     * Records an event without fields.
     *
     * @param action the action name
     */
    default void record(String action) {
        record(action, Map.of());
    }

    /**
     * Records an event with one field.
     *
     * @param action the action name
     * @param k1     field name
     * @param v1     field value
     */
    default void record(String action, String k1, Object v1) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put(k1, v1);
        record(action, m);
    }

    /**
     * Records an event with two fields, in this order.
     *
     * @param action the action name
     * @param k1     first field name
     * @param v1     first field value
     * @param k2     second field name
     * @param v2     second field value
     */
    default void record(String action, String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put(k1, v1);
        m.put(k2, v2);
        record(action, m);
    }

    /**
     * Records an event with three fields, in this order.
     *
     * @param action the action name
     * @param k1     first field name
     * @param v1     first field value
     * @param k2     second field name
     * @param v2     second field value
     * @param k3     third field name
     * @param v3     third field value
     */
    default void record(String action, String k1, Object v1, String k2, Object v2, String k3, Object v3) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put(k1, v1);
        m.put(k2, v2);
        m.put(k3, v3);
        record(action, m);
    }
}
