package org.hvref.ic.shutdown;

/**
 * Bits of the shutdown {@code flags} word (devices-ic-input-video.md §3; OVMM ShutdownFlags; MHV
 * VMBusICShutdownFlags; L-util comment "0(shut down), 2(reboot), or 4(hibernate) ... may bitwise-OR 1 ... force").
 */
public final class ShutdownFlags {
    /** Bit 0 FORCE (ic §3; OVMM ShutdownFlags::force). */
    public static final int FORCE = 0x1;
    /** Bit 1 RESTART (ic §3; OVMM ShutdownFlags::restart). */
    public static final int RESTART = 0x2;
    /** Bit 2 HIBERNATE (ic §3; OVMM ShutdownFlags::hibernate). */
    public static final int HIBERNATE = 0x4;
    /** Bits 3..31, reserved and zero (ic §3; OVMM ShutdownFlags reserved bits). */
    public static final int RESERVED_MASK = ~(FORCE | RESTART | HIBERNATE);

    private ShutdownFlags() {
    }

    /**
     * @param flags the flags word
     * @return whether FORCE is set
     */
    public static boolean isForced(int flags) {
        return (flags & FORCE) != 0;
    }

    /**
     * The flags word for an action.
     *
     * @param action the action
     * @param force  whether to force it
     * @return 0..5
     */
    public static int of(ShutdownAction action, boolean force) {
        int bits = switch (action) {
            case SHUT_DOWN -> 0;
            case RESTART -> RESTART;
            case HIBERNATE -> HIBERNATE;
        };
        return force ? bits | FORCE : bits;
    }
}
