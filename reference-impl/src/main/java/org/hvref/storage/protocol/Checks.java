package org.hvref.storage.protocol;

/** Constructor validators of the payload records; failures are caller bugs ({@link IllegalArgumentException}). */
final class Checks {
    private Checks() {
    }

    static int u8(String what, int value) {
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..255)");
        }
        return value;
    }

    static int u16(String what, int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..65535)");
        }
        return value;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
