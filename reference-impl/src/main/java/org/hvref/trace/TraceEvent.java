package org.hvref.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded spec action: its name ({@code e} in the TLA+ trace) and its fields in declaration order.
 *
 * @param action the TLA+ action name, e.g. {@code "WriterCopy"}
 * @param fields field name → value ({@link Integer}, {@link Long}, {@link Boolean} or {@link String}), ordered
 */
public record TraceEvent(String action, Map<String, Object> fields) {

    /** Copies {@code fields} into an unmodifiable ordered map and rejects null names or values. */
    public TraceEvent {
        Objects.requireNonNull(action, "action");
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "field name"),
                Objects.requireNonNull(e.getValue(), () -> "field value: " + e.getKey()));
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /**
     * @param name field name
     * @return the field's value, or {@code null} if the event has no such field
     */
    public Object get(String name) {
        return fields.get(name);
    }

    /**
     * @param name field name of a numeric field
     * @return its value as a long
     * @throws IllegalArgumentException if missing or not a number
     */
    public long getLong(String name) {
        Object v = fields.get(name);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("trace field " + name + ": " + v + " (expected: a number) in " + this);
        }
        return ((Number) v).longValue();
    }

    /**
     * The event as a TLA+ record, e.g. {@code [e |-> "WriterCopy", pkt |-> 1, len |-> 32, ri |-> 0]}.
     *
     * @return TLA+ source text
     */
    public String toTla() {
        StringBuilder sb = new StringBuilder("[e |-> \"").append(action).append('"');
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append(", ").append(e.getKey()).append(" |-> ");
            Object v = e.getValue();
            if (v instanceof Boolean) {
                sb.append(((Boolean) v) ? "TRUE" : "FALSE");
            } else if (v instanceof Number) {
                sb.append(v);
            } else {
                sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(action).append('[');
        String sep = "";
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return sb.append(']').toString();
    }
}
