package org.hvref.spec.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes Java traces as the generated TLA+ modules the trace specs read: ring traces for
 * {@code ring/TraceVmbusRing.tla} (ring/CONTRACT.md, "Trace log format"), and channel traces for
 * {@code channel/TraceVmbusChannel.tla} ({@link #renderChannel}, channel/CONTRACT.md), which have no per-trace
 * constants. The ring module:
 * <pre>
 * ---- MODULE Name ----
 * EXTENDS Integers, Sequences
 * TraceDataSize == &lt;&lt;4096, 8192&gt;&gt;
 * TraceFeat == &lt;&lt;TRUE, TRUE&gt;&gt;
 * Traces == &lt;&lt; &lt;&lt; [e |-&gt; "WriterCopy", pkt |-&gt; 1, len |-&gt; 32, ri |-&gt; 0], ... &gt;&gt;, ... &gt;&gt;
 * ====
 * </pre>
 * Each event is a map with the action name under {@code "e"} and the contract's fields; values are
 * {@link Integer}/{@link Long} (0 to 2^31-1: TLC's integers), {@link Boolean} or {@link String}. The contract's own
 * fields are type-checked here (a wrongly typed value would be a TLC evaluation error, not a verdict); any other
 * field is written as is and makes TLC reject the event.
 */
public final class TraceModuleWriter {

    /** The module name {@code TraceVmbusRing.tla} extends. */
    public static final String LOG_MODULE = "TraceVmbusRingLog";

    /** The key of the action name in an event map. */
    public static final String EVENT = "e";

    /** Contract fields holding a natural number. */
    public static final Set<String> NUMBER_FIELDS = Set.of("pkt", "len", "ri", "wi", "mask", "pend");

    /** Contract fields holding a boolean. */
    public static final Set<String> BOOLEAN_FIELDS = Set.of("sig");

    /** The module name {@code TraceVmbusChannel.tla} extends. */
    public static final String CHANNEL_LOG_MODULE = "TraceVmbusChannelLog";

    /** Channel contract fields holding a natural number (relid, GPADL handle, version, body count). */
    public static final Set<String> CHANNEL_NUMBER_FIELDS = Set.of("r", "h", "v", "n");

    /** Channel contract fields holding a boolean (status). */
    public static final Set<String> CHANNEL_BOOLEAN_FIELDS = Set.of("ok");

    /** Channel contract fields holding a string (the drop tag). */
    public static final Set<String> CHANNEL_STRING_FIELDS = Set.of("err");

    /** Name of the generated IC log module {@code ic/TraceIcNegotiation.tla} extends (ic/CONTRACT-IcNegotiation.md). */
    public static final String IC_LOG_MODULE = "TraceIcNegotiationLog";

    /** IC contract fields holding a natural number (versions as major * 65536 + minor). */
    public static final Set<String> IC_NUMBER_FIELDS = Set.of("fw", "msg");

    /** IC contract fields holding a boolean. */
    public static final Set<String> IC_BOOLEAN_FIELDS = Set.of("ok", "resp");

    /** IC contract fields holding a string (the guest's family). */
    public static final Set<String> IC_STRING_FIELDS = Set.of("policy");

    /** IC contract fields holding a list of naturals (version lists). */
    public static final Set<String> IC_LIST_FIELDS = Set.of("hfw", "hmsg", "gfw", "gmsg");

    /** Name of the generated StorVSC log module {@code storvsc/TraceStorvscProtocol.tla} extends (CONTRACT.md). */
    public static final String STORVSC_LOG_MODULE = "TraceStorvscProtocolLog";

    /** StorVSC contract fields holding a natural number (transaction id, LUN, version). */
    public static final Set<String> STORVSC_NUMBER_FIELDS = Set.of("id", "lun", "v");

    /** StorVSC contract fields holding a boolean. */
    public static final Set<String> STORVSC_BOOLEAN_FIELDS = Set.of("ok", "multi");

    /** StorVSC contract fields holding a string (status classes, notification kind, command class). */
    public static final Set<String> STORVSC_STRING_FIELDS = Set.of("st", "srb", "op", "cdb");

    /** StorVSC contract fields holding a list of naturals (version lists, LUN lists). */
    public static final Set<String> STORVSC_LIST_FIELDS = Set.of("gvers", "hvers", "disks", "dvds");

    /** Smallest data region a trace may declare (one minimum packet plus the free slot). */
    public static final int MIN_DATA_SIZE = 32;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final int EVENTS_PER_LINE = 1;

    private TraceModuleWriter() {
    }

    /**
     * Renders the module text.
     *
     * @param moduleName      the module name (also the file name without {@code .tla})
     * @param traces          the traces; each a list of events
     * @param dataSizes       the data-region size of each trace (multiple of 8, at least {@value #MIN_DATA_SIZE})
     * @param featPendingSend the feature bit {@code feat_pending_send_sz} of each trace's ring
     */
    public static String render(String moduleName, List<List<Map<String, Object>>> traces, List<Integer> dataSizes,
                                List<Boolean> featPendingSend) {
        checkIdentifier("module name", moduleName);
        if (dataSizes.size() != traces.size() || featPendingSend.size() != traces.size()) {
            throw new IllegalArgumentException("trace constants: " + dataSizes.size() + " data sizes and "
                    + featPendingSend.size() + " feature bits (expected: " + traces.size() + " of each, one per trace)");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(moduleName).append(" ----\n");
        sb.append("\\* Generated by org.hvref.spec.trace.TraceModuleWriter: ").append(traces.size())
                .append(" trace(s) of the Java ring (ring/CONTRACT.md).\n");
        sb.append("EXTENDS Integers, Sequences\n");
        sb.append("TraceDataSize == <<");
        for (int i = 0; i < dataSizes.size(); i++) {
            Integer d = dataSizes.get(i);
            if (d == null || d < MIN_DATA_SIZE || d % 8 != 0) {
                throw new IllegalArgumentException("data size of trace " + (i + 1) + ": " + d
                        + " (expected: a multiple of 8, >= " + MIN_DATA_SIZE + ")");
            }
            sb.append(i == 0 ? "" : ", ").append(d);
        }
        sb.append(">>\n");
        sb.append("TraceFeat == <<");
        for (int i = 0; i < featPendingSend.size(); i++) {
            Boolean f = featPendingSend.get(i);
            if (f == null) {
                throw new IllegalArgumentException("feature bit of trace " + (i + 1) + ": null (expected: a boolean)");
            }
            sb.append(i == 0 ? "" : ", ").append(f ? "TRUE" : "FALSE");
        }
        sb.append(">>\n");
        sb.append("Traces == <<");
        for (int t = 0; t < traces.size(); t++) {
            List<Map<String, Object>> trace = traces.get(t);
            sb.append(t == 0 ? "\n  <<" : ",\n  <<");
            for (int i = 0; i < trace.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(i % EVENTS_PER_LINE == 0 ? "\n    " : " ");
                appendEvent(sb, trace.get(i), t, i, RING_FIELDS);
            }
            sb.append(" >>");
        }
        sb.append("\n>>\n====\n");
        return sb.toString();
    }

    /** Writes {@code dir/<moduleName>.tla} and returns its path. */
    public static Path write(Path dir, String moduleName, List<List<Map<String, Object>>> traces,
                             List<Integer> dataSizes, List<Boolean> featPendingSend) {
        return writeText(dir, moduleName, render(moduleName, traces, dataSizes, featPendingSend));
    }

    /** The number of events in all traces. */
    public static long eventCount(List<List<Map<String, Object>>> traces) {
        long n = 0;
        for (List<Map<String, Object>> t : traces) {
            n += t.size();
        }
        return n;
    }

    /**
     * Renders a channel log module (channel/CONTRACT.md, "Trace log format"): {@code Traces} only, every constant is
     * derived from the traces by the trace spec.
     *
     * @param moduleName the module name (also the file name without {@code .tla})
     * @param traces     the traces; each a list of events with the fields {@code r, h, v, n} (naturals), {@code ok}
     *                   (boolean) and {@code err} (string)
     */
    public static String renderChannel(String moduleName, List<List<Map<String, Object>>> traces) {
        return renderTracesOnly(moduleName, traces, "VMBus host and guest (channel/CONTRACT.md)", CHANNEL_FIELDS);
    }

    /** Writes {@code dir/<moduleName>.tla} as a channel log module and returns its path. */
    public static Path writeChannel(Path dir, String moduleName, List<List<Map<String, Object>>> traces) {
        return writeText(dir, moduleName, renderChannel(moduleName, traces));
    }

    /**
     * Renders an IC log module (ic/CONTRACT-IcNegotiation.md, "Trace log format"): {@code Traces} only, every
     * constant is derived from the traces by {@code ic/TraceIcNegotiation.tla}.
     *
     * @param moduleName the module name (also the file name without {@code .tla})
     * @param traces     the traces; each a list of events with the fields {@code fw, msg} (naturals), {@code ok,
     *                   resp} (booleans), {@code policy} (string) and {@code hfw, hmsg, gfw, gmsg} (lists of naturals)
     * @return the module text
     */
    public static String renderIc(String moduleName, List<List<Map<String, Object>>> traces) {
        return renderTracesOnly(moduleName, traces, "IC host and guest (ic/CONTRACT-IcNegotiation.md)", IC_FIELDS);
    }

    /** Writes {@code dir/<moduleName>.tla} as an IC log module and returns its path. */
    public static Path writeIc(Path dir, String moduleName, List<List<Map<String, Object>>> traces) {
        return writeText(dir, moduleName, renderIc(moduleName, traces));
    }

    /**
     * Renders a StorVSC log module (storvsc/CONTRACT.md): {@code Traces} only, every constant is derived from the
     * traces by {@code storvsc/TraceStorvscProtocol.tla}.
     *
     * @param moduleName the module name (also the file name without {@code .tla})
     * @param traces     the traces; each a list of events with the fields {@code id, lun, v} (naturals), {@code ok,
     *                   multi} (booleans), {@code st, srb, op} (strings) and {@code gvers, hvers, disks, dvds} (lists
     *                   of naturals)
     * @return the module text
     */
    public static String renderStorvsc(String moduleName, List<List<Map<String, Object>>> traces) {
        return renderTracesOnly(moduleName, traces, "StorVSC guest and VSP host (storvsc/CONTRACT.md)",
                STORVSC_FIELDS);
    }

    /** Writes {@code dir/<moduleName>.tla} as a StorVSC log module and returns its path. */
    public static Path writeStorvsc(Path dir, String moduleName, List<List<Map<String, Object>>> traces) {
        return writeText(dir, moduleName, renderStorvsc(moduleName, traces));
    }

    /** A log module holding only {@code Traces} (channel, IC, StorVSC): the trace spec derives every constant. */
    private static String renderTracesOnly(String moduleName, List<List<Map<String, Object>>> traces, String what,
            FieldTypes fields) {
        checkIdentifier("module name", moduleName);
        StringBuilder sb = new StringBuilder();
        sb.append("---- MODULE ").append(moduleName).append(" ----\n");
        sb.append("\\* Generated by org.hvref.spec.trace.TraceModuleWriter: ").append(traces.size())
                .append(" trace(s) of the Java ").append(what).append(".\n");
        sb.append("EXTENDS Integers, Sequences\n");
        sb.append("Traces == <<");
        for (int t = 0; t < traces.size(); t++) {
            List<Map<String, Object>> trace = traces.get(t);
            if (trace == null) {
                throw new IllegalArgumentException("trace " + (t + 1) + ": null (expected: a list of events)");
            }
            sb.append(t == 0 ? "\n  <<" : ",\n  <<");
            for (int i = 0; i < trace.size(); i++) {
                sb.append(i == 0 ? "" : ",").append("\n    ");
                appendEvent(sb, trace.get(i), t, i, fields);
            }
            sb.append(" >>");
        }
        sb.append("\n>>\n====\n");
        return sb.toString();
    }

    /** The typed fields of one log format. */
    private record FieldTypes(Set<String> numbers, Set<String> booleans, Set<String> strings, Set<String> lists) {
    }

    private static final FieldTypes RING_FIELDS = new FieldTypes(NUMBER_FIELDS, BOOLEAN_FIELDS, Set.of(), Set.of());
    private static final FieldTypes CHANNEL_FIELDS =
            new FieldTypes(CHANNEL_NUMBER_FIELDS, CHANNEL_BOOLEAN_FIELDS, CHANNEL_STRING_FIELDS, Set.of());
    private static final FieldTypes IC_FIELDS =
            new FieldTypes(IC_NUMBER_FIELDS, IC_BOOLEAN_FIELDS, IC_STRING_FIELDS, IC_LIST_FIELDS);
    private static final FieldTypes STORVSC_FIELDS = new FieldTypes(STORVSC_NUMBER_FIELDS, STORVSC_BOOLEAN_FIELDS,
            STORVSC_STRING_FIELDS, STORVSC_LIST_FIELDS);

    private static Path writeText(Path dir, String moduleName, String text) {
        Path file = dir.resolve(moduleName + ".tla");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("trace module: cannot write " + file, e);
        }
        return file;
    }

    private static void appendEvent(StringBuilder sb, Map<String, Object> event, int trace, int index,
                                    FieldTypes types) {
        String where = "trace " + (trace + 1) + " event " + (index + 1);
        if (event == null) {
            throw new IllegalArgumentException(where + ": null (expected: an event map)");
        }
        Object name = event.get(EVENT);
        if (!(name instanceof String) || !IDENTIFIER.matcher((String) name).matches()) {
            throw new IllegalArgumentException(where + " name: " + name + " (expected: an action name under \""
                    + EVENT + "\")");
        }
        sb.append("[e |-> ").append(tlaString((String) name));
        for (Map.Entry<String, Object> field : event.entrySet()) {
            String key = field.getKey();
            if (EVENT.equals(key)) {
                continue;
            }
            checkIdentifier(where + " field name", key);
            sb.append(", ").append(key).append(" |-> ")
                    .append(value(where + " field " + key, key, field.getValue(), types));
        }
        sb.append(']');
    }

    private static String value(String where, String key, Object v, FieldTypes types) {
        if (types.numbers().contains(key) && !(v instanceof Integer || v instanceof Long)) {
            throw new IllegalArgumentException(where + ": " + describe(v) + " (expected: a natural number)");
        }
        if (types.booleans().contains(key) && !(v instanceof Boolean)) {
            throw new IllegalArgumentException(where + ": " + describe(v) + " (expected: a boolean)");
        }
        if (types.strings().contains(key) && !(v instanceof String)) {
            throw new IllegalArgumentException(where + ": " + describe(v) + " (expected: a string)");
        }
        if (types.lists().contains(key)) {
            if (!(v instanceof List<?> list)) {
                throw new IllegalArgumentException(where + ": " + describe(v) + " (expected: a list of naturals)");
            }
            StringBuilder sb = new StringBuilder("<<");
            for (int i = 0; i < list.size(); i++) {
                Object x = list.get(i);
                if (!(x instanceof Integer || x instanceof Long)) {
                    throw new IllegalArgumentException(where + "[" + (i + 1) + "]: " + describe(x)
                            + " (expected: a natural number)");
                }
                sb.append(i == 0 ? "" : ", ").append(value(where + "[" + (i + 1) + "]", "", x, types));
            }
            return sb.append(">>").toString();
        }
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + ": " + n + " (expected: 0 to " + Integer.MAX_VALUE + ")");
            }
            return Long.toString(n);
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "TRUE" : "FALSE";
        }
        if (v instanceof String) {
            return tlaString((String) v);
        }
        throw new IllegalArgumentException(where + ": " + describe(v)
                + " (expected: an Integer, Long, Boolean or String)");
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " of type " + v.getClass().getSimpleName();
    }

    private static String tlaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("trace string: " + s + " (expected: printable ASCII)");
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void checkIdentifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + ": " + name + " (expected: a TLA+ identifier)");
        }
    }
}
