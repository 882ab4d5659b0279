package org.hvref.channel.protocol;

import java.io.ByteArrayOutputStream;

/** Test helpers to write golden byte arrays. */
public final class Wire {
    private Wire() {
    }

    /** @return the ints as bytes (each must be 0..255) */
    public static byte[] of(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & ~0xFF) != 0) {
                throw new IllegalArgumentException("byte: " + values[i]);
            }
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** @return {@code n} zero bytes */
    public static byte[] zeros(int n) {
        return new byte[n];
    }

    /** @return the parts concatenated */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
