package org.hvref.channel.protocol;

import java.util.Objects;
import org.hvref.wire.FieldRange;

/** Constructor validators of the message records; failures are caller bugs ({@link IllegalArgumentException}). */
final class Checks {
    private Checks() {
    }

    static int u8(String what, int value) {
        return FieldRange.u8(what, value);
    }

    static int u16(String what, int value) {
        return FieldRange.u16(what, value);
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
