package org.hvref.ring;

import java.util.Arrays;

/** Argument checks shared by the packet records (caller bugs, hence IllegalArgumentException). */
final class PacketChecks {
    private PacketChecks() {
    }

    static int flags(int flags) {
        if ((flags & ~PacketDescriptor.KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException(String.format("flags: 0x%X (expected: only 0x%X)", flags,
                PacketDescriptor.KNOWN_FLAGS));
        }
        return flags;
    }

    static long u32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..4294967295)");
        }
        return value;
    }

    static byte[] copy(String what, byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + ": null (expected: an array)");
        }
        return bytes.clone();
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    static String abbreviatedHex(byte[] bytes) {
        if (bytes.length <= 32) {
            return hex(bytes);
        }
        return hex(Arrays.copyOf(bytes, 32)) + "...(" + bytes.length + " bytes)";
    }
}
