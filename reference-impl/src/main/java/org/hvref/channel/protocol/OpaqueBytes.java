package org.hvref.channel.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string of fixed meaning to the peer only (offer user area, open user data). */
public final class OpaqueBytes {
    private final byte[] bytes;

    private OpaqueBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes the bytes (copied)
     * @return the value
     */
    public static OpaqueBytes of(byte[] bytes) {
        return new OpaqueBytes(bytes.clone());
    }

    /**
     * @param length number of bytes
     * @return {@code length} zero bytes
     */
    public static OpaqueBytes zeros(int length) {
        return new OpaqueBytes(new byte[length]);
    }

    /** @return a copy of the bytes */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** @return the number of bytes */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueBytes b && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
