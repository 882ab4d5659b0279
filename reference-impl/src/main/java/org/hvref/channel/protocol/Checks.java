package org.hvref.channel.protocol;

import java.util.Objects;

/** Constructor validators of the message records; failures are caller bugs ({@link IllegalArgumentException}). */
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

    static OpaqueBytes length(String what, OpaqueBytes bytes, int length) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length() != length) {
            throw new IllegalArgumentException(what + ": " + bytes.length() + " bytes (expected: " + length + ")");
        }
        return bytes;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
