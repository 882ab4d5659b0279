package org.hvref.mbt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses the TLA+ values TLC prints for VmbusRing's and VmbusChannel's variables: integers (as {@link Long}),
 * {@code TRUE}/{@code FALSE}, strings, sets {@code {...}} (as sets), sequences {@code <<...>>} (as lists) and records
 * {@code [a |-> v, ...]} (as maps sorted by field), functions whose domain is not {@code 1..n} as TLC prints them,
 * {@code (k1 :> v1 @@ k2 :> v2)} (as maps sorted by key), and state labels {@code /\ name = value} lines.
 */
public final class TlaValues {
    private final String s;
    private int i;

    private TlaValues(String s) {
        this.s = s;
    }

    /** Parses one value. */
    public static Object parse(String text) {
        TlaValues p = new TlaValues(text);
        Object v = p.value();
        p.skipSpace();
        if (p.i != text.length()) {
            throw p.error("end of value");
        }
        return v;
    }

    /**
     * Parses a state as TLC prints it in a DOT label or a trace: lines {@code /\ name = value}.
     *
     * @return variable → value, in TLC's order
     */
    public static Map<String, Object> parseState(String text) {
        Map<String, Object> vars = new LinkedHashMap<>();
        String body = text.trim();
        for (String part : body.split("(?m)^\\s*/\\\\\\s+")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf(" = ");
            if (eq < 0) {
                throw new IllegalArgumentException("state line: " + part + " (expected: name = value)");
            }
            vars.put(part.substring(0, eq).trim(), parse(part.substring(eq + 3).trim()));
        }
        return vars;
    }

    private Object value() {
        skipSpace();
        if (s.startsWith("<<", i)) {
            i += 2;
            List<Object> out = new ArrayList<>();
            skipSpace();
            if (s.startsWith(">>", i)) {
                i += 2;
                return out;
            }
            while (true) {
                out.add(value());
                skipSpace();
                if (s.startsWith(">>", i)) {
                    i += 2;
                    return out;
                }
                expect(',');
            }
        }
        char c = s.charAt(i);
        if (c == '(') {
            i++;
            Map<Object, Object> fn = new TreeMap<>();
            while (true) {
                Object k = value();
                skipSpace();
                if (!s.startsWith(":>", i)) {
                    throw error(":>");
                }
                i += 2;
                fn.put(k, value());
                skipSpace();
                if (s.startsWith("@@", i)) {
                    i += 2;
                    continue;
                }
                expect(')');
                return fn;
            }
        }
        if (c == '{') {
            i++;
            Set<Object> out = new HashSet<>();
            skipSpace();
            if (s.charAt(i) == '}') {
                i++;
                return out;
            }
            while (true) {
                out.add(value());
                skipSpace();
                if (s.charAt(i) == '}') {
                    i++;
                    return out;
                }
                expect(',');
            }
        }
        if (c == '[') {
            i++;
            Map<String, Object> rec = new TreeMap<>();
            while (true) {
                skipSpace();
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                String name = s.substring(start, i);
                skipSpace();
                if (!s.startsWith("|->", i)) {
                    throw error("|->");
                }
                i += 3;
                rec.put(name, value());
                skipSpace();
                if (s.charAt(i) == ']') {
                    i++;
                    return rec;
                }
                expect(',');
            }
        }
        if (c == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (s.charAt(i) != '"') {
                if (s.charAt(i) == '\\') {
                    i++;
                }
                sb.append(s.charAt(i++));
            }
            i++;
            return sb.toString();
        }
        if (s.startsWith("TRUE", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("FALSE", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        int start = i;
        if (c == '-') {
            i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (start == i || (c == '-' && i == start + 1)) {
            throw error("a value");
        }
        return Long.parseLong(s.substring(start, i));
    }

    private void expect(char c) {
        skipSpace();
        if (i >= s.length() || s.charAt(i) != c) {
            throw error("'" + c + "'");
        }
        i++;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("tla value: " + s + " at " + i + " (expected: " + expected + ")");
    }
}
