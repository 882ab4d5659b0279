package org.hvref.storage.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;

/**
 * The StorvscProtocol trace of one controller, shared by its VSP and VSC (storvsc/CONTRACT.md: one tracer per
 * controller primary channel). Both sides perform each traced step — deciding, recording, and handing the packets the
 * step sends to their endpoint — while holding {@link #lock()}, so the recorded order is the order in which packets
 * enter each ring (send-before-visible, receive-after-decision). The lock is held even when the tracer is off: it is
 * also what keeps both sides' sends in step order. Once {@link #rescind()} ran, neither side performs a step.
 */
public final class StorvscTrace {
    private final SpecTracer tracer;
    private boolean rescinded; // guarded by lock()

    /** @param tracer where the events go ({@link SpecTracer#OFF} records nothing) */
    public StorvscTrace(SpecTracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** @return the lock both sides hold around each traced step */
    public Object lock() {
        return tracer.lock();
    }

    /** @return the tracer */
    public SpecTracer tracer() {
        return tracer;
    }

    /**
     * Records an event (with {@link #lock()} held).
     *
     * @param action the action name ({@link StorvscActions})
     * @param kv     field names and values, alternating
     */
    public void record(String action, Object... kv) {
        if (!tracer.enabled()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            fields.put((String) kv[i], kv[i + 1]);
        }
        tracer.record(action, fields);
    }

    /** @return whether the channel was rescinded (read with {@link #lock()} held) */
    public boolean rescinded() {
        synchronized (lock()) {
            return rescinded;
        }
    }

    /**
     * The channel was rescinded: records {@code Rescind} once; afterwards neither side performs a traced step.
     *
     * @return true if this call recorded it, false if it was rescinded already
     */
    @SpecAction(spec = "StorvscProtocol", value = "Rescind")
    public boolean rescind() {
        synchronized (lock()) {
            if (rescinded) {
                return false;
            }
            rescinded = true;
            record(StorvscActions.RESCIND);
            return true;
        }
    }
}
