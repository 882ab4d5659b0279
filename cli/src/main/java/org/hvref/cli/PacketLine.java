package org.hvref.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * One packet of a {@code hvref ring encode} input file: {@code type}, {@code flags},
 * {@code transactionId} and {@code data} (the bytes after the 16-byte descriptor), and optionally
 * {@code offset8} (descriptor + type-specific header length in 8-byte units, default 2).
 */
record PacketLine(int type, int flags, long transactionId, int offset8, byte[] data) {

    /** The offset8 of a packet with no type-specific header (in-band data). */
    static final int PLAIN_OFFSET8 = 2;

    private static final Set<String> FIELDS = Set.of("type", "flags", "transactionId", "data", "offset8");
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /**
     * Parses one line of the input.
     *
     * @throws IllegalArgumentException with a message {@code what: actual (expected: ...)}
     */
    static PacketLine parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage()
                    + " (expected: one JSON object per line)");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("line: " + abbreviate(line) + " (expected: a JSON object)");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field: " + name
                        + " (expected: type, flags, transactionId, data, offset8)");
            }
        }
        int type = unsigned(node, "type", 16).intValue();
        int flags = unsigned(node, "flags", 16).intValue();
        long transactionId = unsigned(node, "transactionId", 64).longValue();
        byte[] data = hex(node);
        int offset8 = node.has("offset8") ? unsigned(node, "offset8", 16).intValue() : PLAIN_OFFSET8;
        int maxOffset8 = (16 + data.length + 7) / 8;
        if (offset8 < PLAIN_OFFSET8 || offset8 > maxOffset8) {
            throw new IllegalArgumentException("offset8: " + offset8 + " (expected: " + PLAIN_OFFSET8
                    + ".." + maxOffset8 + ", the header must lie inside descriptor + data)");
        }
        return new PacketLine(type, flags, transactionId, offset8, data);
    }

    private static BigInteger unsigned(JsonNode node, String field, int bits) {
        JsonNode value = node.get(field);
        String expected = "an unsigned " + bits + "-bit integer" + (bits == 64 ? " or decimal string" : "");
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + ": missing (expected: " + expected + ")");
        }
        BigInteger n;
        if (value.isIntegralNumber()) {
            n = value.bigIntegerValue();
        } else if (bits == 64 && value.isTextual() && value.asText().matches("[0-9]{1,20}")) {
            n = new BigInteger(value.asText());
        } else {
            throw new IllegalArgumentException(field + ": " + abbreviate(value.toString()) + " (expected: " + expected + ")");
        }
        BigInteger max = bits == 64 ? MAX_U64 : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (n.signum() < 0 || n.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + ": " + n + " (expected: 0.." + max + ")");
        }
        return n;
    }

    private static byte[] hex(JsonNode node) {
        JsonNode value = node.get("data");
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("data: " + (value == null ? "missing" : abbreviate(value.toString()))
                    + " (expected: a string of hex digit pairs)");
        }
        String text = value.asText();
        if (text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("data: " + abbreviate("\"" + text + "\"")
                    + " (expected: a string of hex digit pairs)");
        }
        return HexFormat.of().parseHex(text);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
