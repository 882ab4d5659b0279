package org.hvref.ic.vmbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcHostState;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.wire.ProtocolException;

/**
 * The host side of one IC util channel (devices-ic-input-video.md §1.1, §1.7): an {@link IcHostNegotiator} and an
 * {@link IcHostService} over a {@link ChannelEndpoint}. When the channel opens ({@link #opened}) it sends NEGOTIATE;
 * once READY it asks the service for its next request (after the negotiation, after every answer and whenever the
 * service's bound callback fires) and sends it, never two at a time. Every packet is in-band, flags 0, VMBus
 * transaction id 0 (ic §1.1: OVMM InBandNoCompletion).
 *
 * <p>Failures: a packet that is not in-band, or an IC packet the negotiator rejects, is a typed
 * {@link ProtocolException} that is recorded (and rethrown, so the endpoint counts it); the service learns
 * {@link IcHostService#onChannelLost} only when the channel became unusable (failed negotiation). A failed or timed
 * out negotiation ({@link #negotiateTimeout()}, for guests that never answer a failed one: FreeBSD, ic §1.4), a close
 * or a rescind ({@link #closed}) tell the service once.
 *
 * <p>Threads: thread-safe; the service is called with this channel's lock held, so a service must invoke its
 * {@code requestReady} callback without holding its own lock (or hand it to an executor, see the constructor).
 */
public final class IcHostChannel implements ChannelPacketHandler {
    private final IcHostService service;
    private final IcHostNegotiator negotiator;
    private final Consumer<Runnable> pumpExecutor;
    private final List<ProtocolException> errors = new ArrayList<>();
    private final CompletableFuture<IcVersion[]> negotiated = new CompletableFuture<>();
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private ChannelEndpoint endpoint;
    private long requestsSent;
    private long responses;

    /**
     * A channel that asks the service for requests on the thread that signals it.
     *
     * @param service    the host provider
     * @param negotiator the IC core for this channel (IDLE)
     */
    public IcHostChannel(IcHostService service, IcHostNegotiator negotiator) {
        this(service, negotiator, Runnable::run);
    }

    /**
     * A channel.
     *
     * @param service      the host provider
     * @param negotiator   the IC core for this channel (IDLE)
     * @param pumpExecutor runs the work the service's {@code requestReady} callback triggers (e.g. as a host task)
     */
    public IcHostChannel(IcHostService service, IcHostNegotiator negotiator, Consumer<Runnable> pumpExecutor) {
        this.service = Objects.requireNonNull(service, "service");
        this.negotiator = Objects.requireNonNull(negotiator, "negotiator");
        this.pumpExecutor = Objects.requireNonNull(pumpExecutor, "pumpExecutor");
        if (service.service() != negotiator.service()) {
            throw new IllegalArgumentException("ic host service: " + service.service() + " (expected: the "
                    + "negotiator's " + negotiator.service() + ")");
        }
        service.bind(() -> this.pumpExecutor.accept(this::pump));
    }

    /**
     * The channel is open: remembers the endpoint and sends NEGOTIATE (ic §1.4 host step 1).
     *
     * @param opened the host's endpoint of the channel
     * @throws IllegalStateException if already opened (a channel negotiates once per open)
     */
    public void opened(ChannelEndpoint opened) {
        Objects.requireNonNull(opened, "opened");
        synchronized (this) {
            if (endpoint != null || lost.isDone()) {
                throw new IllegalStateException("ic host channel: opened twice (expected: one open per channel)");
            }
            endpoint = opened;
            byte[] negotiate = negotiator.negotiateRequest(); // records HostSendNegotiate before the send
            opened.send(new InBandPacket(0, 0, negotiate));
        }
    }

    @Override
    public void onPacket(ChannelEndpoint from, VmbusPacket packet) {
        if (!(packet instanceof InBandPacket)) {
            throw record(new IcChannelException(IcChannelError.NOT_IN_BAND, "ic packet type: " + packet.type()
                    + " (expected: DATA_INBAND)"));
        }
        byte[] bytes = packet.payload();
        IcHostResult result;
        synchronized (this) {
            if (lost.isDone()) {
                return; // the channel was given up: late answers change nothing
            }
            IcHostState before = negotiator.state();
            try {
                result = negotiator.onPacket(bytes, bytes.length);
            } catch (MalformedIcMessageException e) {
                record(e);
                if (negotiator.state() == IcHostState.FAILED) {
                    negotiated.completeExceptionally(e);
                    lose("ic negotiation: " + e.getMessage());
                } else if (before == IcHostState.WAIT_RESPONSE) {
                    pump(); // the bad answer ended the outstanding request (IcHostNegotiator: READY again)
                }
                throw e;
            }
            handle(result);
        }
    }

    private void handle(IcHostResult result) {
        if (result instanceof IcHostResult.Negotiated n) {
            service.onNegotiated(n.framework(), n.message());
            pump();
            negotiated.complete(new IcVersion[] {n.framework(), n.message()}); // after the service knows
        } else if (result instanceof IcHostResult.NegotiationFailed f) {
            negotiated.completeExceptionally(new IllegalStateException(f.detail()));
            lose("ic negotiation failed: " + f.error() + ": " + f.detail());
        } else if (result instanceof IcHostResult.Response r) {
            service.onResponse(r.header(), r.payload());
            responses++;
            pump();
        }
    }

    /** Sends the service's next request if the channel is READY and the service has one. */
    public synchronized void pump() {
        ChannelEndpoint e = endpoint;
        if (e == null || lost.isDone() || negotiator.state() != IcHostState.READY) {
            return;
        }
        Optional<byte[]> next = service.nextRequest();
        if (next.isPresent()) {
            byte[] packet = negotiator.request(next.get()); // records HostSendRequest before the send
            requestsSent++;
            e.send(new InBandPacket(0, 0, packet));
        }
    }

    /**
     * The negotiation timer fired (the machine's or test's): if the answer is still awaited, the negotiation fails
     * (HostNegotiateTimeout) and the service loses the channel.
     *
     * @return whether the channel was still waiting (and has now failed)
     */
    public synchronized boolean negotiateTimeout() {
        if (lost.isDone() || negotiator.state() != IcHostState.WAIT_VERSION) {
            return false;
        }
        IcHostResult.NegotiationFailed f = (IcHostResult.NegotiationFailed) negotiator.timeout();
        negotiated.completeExceptionally(new IllegalStateException(f.detail()));
        lose("ic negotiation failed: " + f.error() + ": " + f.detail());
        return true;
    }

    /**
     * The channel closed (CLOSECHANNEL, rescind, unload): the service loses it, once.
     *
     * @param why the reason
     */
    public synchronized void closed(String why) {
        endpoint = null;
        negotiated.completeExceptionally(new IllegalStateException("ic channel closed before negotiation: " + why));
        lose(why);
    }

    private void lose(String why) {
        if (lost.complete(why)) {
            service.onChannelLost(why);
        }
    }

    private synchronized <E extends ProtocolException> E record(E e) {
        errors.add(e);
        return e;
    }

    /** @return completes with {framework, message} on success, exceptionally on failure or close */
    public CompletableFuture<IcVersion[]> negotiated() {
        return negotiated;
    }

    /** @return completes with the reason once the service lost the channel */
    public CompletableFuture<String> lost() {
        return lost;
    }

    /** @return the negotiator */
    public IcHostNegotiator negotiator() {
        return negotiator;
    }

    /** @return the service */
    public IcHostService service() {
        return service;
    }

    /** @return the guest packets this side refused, oldest first */
    public synchronized List<ProtocolException> protocolErrors() {
        return List.copyOf(errors);
    }

    /** @return requests sent */
    public synchronized long requestsSent() {
        return requestsSent;
    }

    /** @return responses handed to the service */
    public synchronized long responses() {
        return responses;
    }

    @Override
    public synchronized String toString() {
        return "IcHostChannel[" + negotiator + ", sent=" + requestsSent + ", responses=" + responses
                + (lost.isDone() ? ", lost" : "") + "]";
    }
}
