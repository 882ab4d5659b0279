package org.hvref.ic.shutdown;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;

/**
 * The host side of the shutdown service (devices-ic-input-video.md §3, §1.7; OVMM shutdown.rs): one request at a time
 * with the host's values (reason PLANNED, timeout 0, message zeros), only after the negotiation. A request made while
 * another is queued or unanswered, or before negotiation, completes at once with {@link ShutdownResult.NotSent}.
 * Thread-safe: requests may come from any thread; the channel calls the {@link IcHostService} methods.
 */
public final class ShutdownHostService implements IcHostService {
    private Runnable requestReady = () -> { };
    private boolean ready;
    private byte[] queued;
    private CompletableFuture<ShutdownResult> pending;

    /** Creates an idle service (not ready until {@link #onNegotiated}). */
    public ShutdownHostService() {
    }

    @Override
    public IcService service() {
        return IcService.SHUTDOWN;
    }

    @Override
    public synchronized void bind(Runnable callback) {
        this.requestReady = Objects.requireNonNull(callback, "requestReady");
    }

    /**
     * Asks the guest to power off or restart.
     *
     * @param restart restart instead of power off
     * @param force   set FORCE
     * @return how the request ended
     */
    public CompletableFuture<ShutdownResult> requestShutdown(boolean restart, boolean force) {
        return submit(restart ? ShutdownAction.RESTART : ShutdownAction.SHUT_DOWN, force);
    }

    /**
     * Asks the guest to hibernate (only Linux guests with hibernation support accept, ic §3).
     *
     * @param force set FORCE
     * @return how the request ended
     */
    public CompletableFuture<ShutdownResult> requestHibernate(boolean force) {
        return submit(ShutdownAction.HIBERNATE, force);
    }

    private CompletableFuture<ShutdownResult> submit(ShutdownAction action, boolean force) {
        Runnable callback;
        CompletableFuture<ShutdownResult> result;
        synchronized (this) {
            if (!ready) {
                return CompletableFuture.completedFuture(new ShutdownResult.NotSent(ShutdownResult.Reason.NOT_READY));
            }
            if (pending != null) {
                return CompletableFuture.completedFuture(
                        new ShutdownResult.NotSent(ShutdownResult.Reason.ALREADY_IN_PROGRESS));
            }
            result = new CompletableFuture<>();
            pending = result;
            queued = ShutdownMessageCodec.encode(ShutdownMessage.fromHost(action, force));
            callback = requestReady;
        }
        callback.run(); // outside the lock: the channel may call nextRequest from here
        return result;
    }

    /** @return whether a request is queued or waiting for its answer */
    public synchronized boolean inProgress() {
        return pending != null;
    }

    @Override
    public synchronized Optional<byte[]> nextRequest() {
        if (!ready || queued == null) {
            return Optional.empty();
        }
        byte[] payload = queued;
        queued = null;
        return Optional.of(payload);
    }

    @Override
    public void onResponse(IcHeader header, byte[] payload) {
        CompletableFuture<ShutdownResult> done;
        synchronized (this) {
            done = pending;
            pending = null;
        }
        if (done != null) {
            done.complete(header.status() == IcStatus.S_OK ? new ShutdownResult.Accepted()
                    : new ShutdownResult.Refused(header.status()));
        }
    }

    @Override
    public synchronized void onNegotiated(IcVersion framework, IcVersion message) {
        ready = true;
    }

    @Override
    public void onChannelLost(String why) {
        CompletableFuture<ShutdownResult> lost;
        synchronized (this) {
            ready = false;
            queued = null;
            lost = pending;
            pending = null;
        }
        if (lost != null) {
            lost.complete(new ShutdownResult.ChannelLost(why));
        }
    }

    @Override
    public synchronized String toString() {
        return "ShutdownHostService[ready=" + ready + ", inProgress=" + (pending != null) + "]";
    }
}
