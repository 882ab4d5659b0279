package org.hvref.ic.shutdown;

import java.util.concurrent.CompletionStage;

/**
 * The guest's operating-system side of the shutdown service, like MacHyperVSupport's hvshutdownd
 * (devices-ic-input-video.md §11.2): it is asked before the host gets an answer and told to act after.
 */
public interface ShutdownHandler {
    /**
     * Asks whether the guest can perform the action now (hvshutdownd's Check / ReportShutdownAbility, ic §11.2). The
     * answer may come later; the daemon waits for it at most its limit (15 s by default) and refuses otherwise.
     *
     * @param action the action the host asked for
     * @return completes with {@code true} if the guest can do it; {@code false} or an exceptional completion refuses
     */
    CompletionStage<Boolean> canPerform(ShutdownAction action);

    /**
     * Performs the action; called only after the host was answered S_OK (ic §3: answer first, then act).
     *
     * @param action the action
     * @param force  the request's FORCE bit
     */
    void perform(ShutdownAction action, boolean force);

    /** @return whether the guest can hibernate (the Linux family accepts hibernate only then, ic §3); default no */
    default boolean supportsHibernate() {
        return false;
    }
}
