package org.hvref.wire;

/**
 * Range checks for the fields of wire records, used by their constructors; a failure is a caller bug
 * ({@link IllegalArgumentException}, e.g. {@code lun: 300 (expected: 0..255)}), never a peer's malformed input (the
 * decoders raise {@link ProtocolException} for that).
 */
public final class FieldRange {
    private FieldRange() {
    }

    /**
     * @param what  the field's name
     * @param value its value
     * @return {@code value} if it fits in an unsigned byte
     */
    public static int u8(String what, int value) {
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..255)");
        }
        return value;
    }

    /**
     * @param what  the field's name
     * @param value its value
     * @return {@code value} if it fits in an unsigned 16-bit word
     */
    public static int u16(String what, int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..65535)");
        }
        return value;
    }

    /**
     * @param ok      the condition
     * @param message the failure's message
     */
    public static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
