package org.hvref.ic.shutdown;

import java.util.Arrays;

/**
 * A decoded shutdown payload (devices-ic-input-video.md §3; layout {@link ShutdownDescriptor}).
 *
 * @param reasonCode     {@code reason_code} (u32; the host sends {@link #PLANNED_REASON})
 * @param timeoutSeconds {@code timeout_seconds} (u32; ignored by every guest read, ic §3)
 * @param flags          {@code flags} ({@link ShutdownFlags}; reserved bits zero)
 * @param displayMessage {@code display_message}, exactly 2048 bytes (encoding unknown, ic §14)
 */
public record ShutdownMessage(int reasonCode, int timeoutSeconds, int flags, byte[] displayMessage) {
    /** SHTDN_REASON_FLAG_PLANNED 0x80000000, the host's reason code (ic §3; OVMM shutdown.rs SendShutdown). */
    public static final int PLANNED_REASON = 0x80000000;

    /** Checks the flags and the message length; copies the message. */
    public ShutdownMessage {
        if ((flags & ShutdownFlags.RESERVED_MASK) != 0) {
            throw new IllegalArgumentException("shutdown flags: 0x" + Integer.toHexString(flags)
                    + " (expected: reserved bits 3..31 zero)");
        }
        if (displayMessage.length != ShutdownDescriptor.DISPLAY_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("display_message: " + displayMessage.length + " bytes (expected: "
                    + ShutdownDescriptor.DISPLAY_MESSAGE_LENGTH + ")");
        }
        displayMessage = displayMessage.clone();
    }

    /**
     * What the host sends (ic §3; OVMM shutdown.rs SendShutdown): reason PLANNED, timeout 0, message all zero.
     *
     * @param action the action
     * @param force  whether to set FORCE
     * @return the message
     */
    public static ShutdownMessage fromHost(ShutdownAction action, boolean force) {
        return new ShutdownMessage(PLANNED_REASON, 0, ShutdownFlags.of(action, force),
                new byte[ShutdownDescriptor.DISPLAY_MESSAGE_LENGTH]);
    }

    /** @return a copy of the display message */
    @Override
    public byte[] displayMessage() {
        return displayMessage.clone();
    }

    /** @return whether FORCE is set */
    public boolean forced() {
        return ShutdownFlags.isForced(flags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShutdownMessage m && reasonCode == m.reasonCode && timeoutSeconds == m.timeoutSeconds
                && flags == m.flags && Arrays.equals(displayMessage, m.displayMessage);
    }

    @Override
    public int hashCode() {
        return ((reasonCode * 31 + timeoutSeconds) * 31 + flags) * 31 + Arrays.hashCode(displayMessage);
    }

    @Override
    public String toString() {
        return "ShutdownMessage[reason=0x" + Integer.toHexString(reasonCode) + ", timeout="
                + Integer.toUnsignedString(timeoutSeconds) + ", flags=" + flags + "]";
    }
}
