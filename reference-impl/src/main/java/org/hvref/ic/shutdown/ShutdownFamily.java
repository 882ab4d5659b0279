package org.hvref.ic.shutdown;

/** Which guest's shutdown behaviour the daemon follows (devices-ic-input-video.md §3, §13 "Shutdown hibernate"). */
public enum ShutdownFamily {
    /**
     * MacHyperVSupport (kext + hvshutdownd): flags 0-3 only, hibernate refused; asks the handler (at most 15 s) before
     * answering (ic §3; MHV HyperVShutdown.cpp handleShutdown/checkShutdown; §11.2).
     */
    MAC_HYPERV_SUPPORT,
    /**
     * Linux: flags 0-3 accepted without asking; 4/5 accepted only if the handler supports hibernation (the uevent
     * case), else E_FAIL (ic §3; L-util shutdown_onchannelcallback, send_hibernate_uevent).
     */
    LINUX,
    /** FreeBSD: only flags 0 and 1 (power off), without asking; restart and hibernate E_FAIL (ic §3; FBSD vmbus_shutdown.c). */
    FREEBSD;

    /**
     * @param action  the requested action
     * @param handler the handler (for {@link ShutdownHandler#supportsHibernate})
     * @return whether this family accepts the action at all
     */
    public boolean accepts(ShutdownAction action, ShutdownHandler handler) {
        return switch (this) {
            case MAC_HYPERV_SUPPORT -> action != ShutdownAction.HIBERNATE;
            case LINUX -> action != ShutdownAction.HIBERNATE || handler.supportsHibernate();
            case FREEBSD -> action == ShutdownAction.SHUT_DOWN;
        };
    }

    /** @return whether the family asks the handler before answering (only MacHyperVSupport, ic §3, §11.2) */
    public boolean asksHandler() {
        return this == MAC_HYPERV_SUPPORT;
    }
}
