package org.hvref.ic.shutdown;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes and decodes the shutdown payload (devices-ic-input-video.md §3; layout {@link ShutdownDescriptor}). */
public final class ShutdownMessageCodec {
    private ShutdownMessageCodec() {
    }

    /**
     * @param message the message
     * @return its 2060 payload bytes, little-endian
     */
    public static byte[] encode(ShutdownMessage message) {
        ByteBuffer b = ByteBuffer.allocate(ShutdownDescriptor.ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ShutdownDescriptor.REASON_CODE_OFFSET, message.reasonCode());
        b.putInt(ShutdownDescriptor.TIMEOUT_SECONDS_OFFSET, message.timeoutSeconds());
        b.putInt(ShutdownDescriptor.FLAGS_OFFSET, message.flags());
        b.put(ShutdownDescriptor.DISPLAY_MESSAGE_OFFSET, message.displayMessage());
        return b.array();
    }

    /**
     * Decodes a payload: at least 2060 bytes (more are ignored, as the guests read only the struct), reserved flag
     * bits zero.
     *
     * @param payload the payload bytes from position to limit; the buffer's position and order are not changed
     * @return the message
     * @throws MalformedShutdownMessageException if a check fails
     */
    public static ShutdownMessage decode(ByteBuffer payload) {
        ByteBuffer b = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < ShutdownDescriptor.ENCODED_LENGTH) {
            throw new MalformedShutdownMessageException(ShutdownMessageError.TOO_SHORT, "shutdown payload: "
                    + b.remaining() + " bytes (expected: >= " + ShutdownDescriptor.ENCODED_LENGTH + ")");
        }
        int flags = b.getInt(ShutdownDescriptor.FLAGS_OFFSET);
        if ((flags & ShutdownFlags.RESERVED_MASK) != 0) {
            throw new MalformedShutdownMessageException(ShutdownMessageError.RESERVED_FLAGS, "shutdown flags: 0x"
                    + Integer.toHexString(flags) + " (expected: reserved bits 3..31 zero)");
        }
        byte[] text = new byte[ShutdownDescriptor.DISPLAY_MESSAGE_LENGTH];
        b.get(ShutdownDescriptor.DISPLAY_MESSAGE_OFFSET, text);
        return new ShutdownMessage(b.getInt(ShutdownDescriptor.REASON_CODE_OFFSET),
                b.getInt(ShutdownDescriptor.TIMEOUT_SECONDS_OFFSET), flags, text);
    }

    /**
     * @param payload the payload bytes
     * @return the message
     * @throws MalformedShutdownMessageException if a check fails
     */
    public static ShutdownMessage decode(byte[] payload) {
        return decode(ByteBuffer.wrap(payload));
    }
}
