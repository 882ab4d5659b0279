package org.hvref.ic.shutdown;

import java.util.Optional;

/** What a shutdown request asks the guest to do (devices-ic-input-video.md §3 flag values 0/1, 2/3, 4/5). */
public enum ShutdownAction {
    /** Power off (flags 0 or 1). */
    SHUT_DOWN,
    /** Reboot (flags 2 or 3). */
    RESTART,
    /** Hibernate (flags 4 or 5). */
    HIBERNATE;

    /**
     * @param flags a flags word without reserved bits
     * @return the action it names, or empty for RESTART|HIBERNATE (6, 7), which names none (ic §3)
     */
    public static Optional<ShutdownAction> fromFlags(int flags) {
        int kind = flags & (ShutdownFlags.RESTART | ShutdownFlags.HIBERNATE);
        if ((flags & ShutdownFlags.RESERVED_MASK) != 0) {
            return Optional.empty();
        }
        return switch (kind) {
            case 0 -> Optional.of(SHUT_DOWN);
            case ShutdownFlags.RESTART -> Optional.of(RESTART);
            case ShutdownFlags.HIBERNATE -> Optional.of(HIBERNATE);
            default -> Optional.empty();
        };
    }
}
