package org.hvref.machine;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;

/**
 * Stands between a guest daemon that must learn of a lost channel (the file-copy daemon: GuestAbandon) and the IC
 * client: when the channel closes, the host service is told first and then the daemon (ic/CONTRACT.md: the spec
 * enables GuestAbandon only after HostVanish), and no guest answer can slip in between: from the moment the host
 * learns of the loss, requests still in the ring are answered E_FAIL without reaching the daemon (the spec drops
 * whatever was in flight when the host vanished). The daemon is told as a guest task.
 */
final class IcGuestLossGate implements IcRequestConsumer {
    private final IcRequestConsumer daemon;
    private final Consumer<String> daemonLost;
    private boolean lost;

    /**
     * @param daemon     the guest daemon
     * @param daemonLost tells the daemon the channel is gone (runs as a guest task after the host service was told)
     */
    IcGuestLossGate(IcRequestConsumer daemon, Consumer<String> daemonLost) {
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.daemonLost = Objects.requireNonNull(daemonLost, "daemonLost");
    }

    @Override
    public synchronized int answer(IcHeader header, ByteBuffer answerPayload) {
        return lost ? IcStatus.E_FAIL : daemon.answer(header, answerPayload);
    }

    @Override
    public void onRequest(IcServiceRequest request) {
        synchronized (this) {
            if (lost) {
                return;
            }
        }
        daemon.onRequest(request);
    }

    /**
     * The channel closed: tells the host side ({@code tellHost}, which records HostVanish), then closes the gate and
     * hands the daemon's notice to {@code guest}, all while no guest answer is being decided.
     *
     * @param tellHost tells the host channel (and so the host service)
     * @param why      the reason
     * @param guest    runs the daemon's notice on the guest side
     */
    synchronized void hostThenGuest(Runnable tellHost, String why, Consumer<Runnable> guest) {
        tellHost.run();
        if (!lost) {
            lost = true;
            guest.accept(() -> daemonLost.accept(why));
        }
    }

    /** @return whether the channel was lost */
    synchronized boolean isLost() {
        return lost;
    }
}
