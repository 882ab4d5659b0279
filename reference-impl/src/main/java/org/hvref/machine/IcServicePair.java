package org.hvref.machine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcClientState;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.vmbus.IcGuestChannel;
import org.hvref.ic.vmbus.IcHostChannel;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * One IC service pair running over a real channel of a {@link ReferenceMachine} (made by
 * {@link ReferenceMachine#addIcService}): the host provider and its {@link IcHostChannel}, the guest's
 * {@link IcServiceClient} and {@link IcGuestChannel}, the channel, and the channel's own IcNegotiation trace (one trace
 * per channel, ic/CONTRACT-IcNegotiation.md).
 */
public final class IcServicePair {
    private final ReferenceMachine machine;
    private final int relid;
    private final IcVersionPolicy family;
    private final IcHostChannel hostChannel;
    private final IcGuestChannel guestChannel;
    private final GuestDeviceChannel<IcGuestChannel> channel;
    private final RecordingTracer icTracer;

    IcServicePair(ReferenceMachine machine, int relid, IcVersionPolicy family, IcHostChannel hostChannel,
                  IcGuestChannel guestChannel, GuestDeviceChannel<IcGuestChannel> channel, RecordingTracer icTracer) {
        this.machine = machine;
        this.relid = relid;
        this.family = family;
        this.hostChannel = hostChannel;
        this.guestChannel = guestChannel;
        this.channel = channel;
        this.icTracer = icTracer;
    }

    /** @return the channel's relid */
    public int relid() {
        return relid;
    }

    /** @return the guest family */
    public IcVersionPolicy family() {
        return family;
    }

    /** @return the host provider */
    public IcHostService hostService() {
        return hostChannel.service();
    }

    /**
     * @param type the provider's class
     * @param <S>  its type
     * @return the host provider as that type
     */
    public <S extends IcHostService> S hostService(Class<S> type) {
        return type.cast(hostChannel.service());
    }

    /** @return the host side of the channel */
    public IcHostChannel hostChannel() {
        return hostChannel;
    }

    /** @return the guest's IC core */
    public IcServiceClient guestClient() {
        return guestChannel.client();
    }

    /** @return the guest IC state (unnegotiated or ready with versions) */
    public IcClientState guestState() {
        return guestChannel.client().state();
    }

    /** @return the guest side of the channel */
    public IcGuestChannel guestChannel() {
        return guestChannel;
    }

    /** @return the guest's open channel */
    public GuestDeviceChannel<IcGuestChannel> channel() {
        return channel;
    }

    /** @return completes when the host side negotiated; fails if it failed, timed out or the channel closed */
    public CompletableFuture<?> negotiated() {
        return hostChannel.negotiated();
    }

    /** @return completes with the reason once the host service lost the channel */
    public CompletableFuture<String> lost() {
        return hostChannel.lost();
    }

    /**
     * Fires the host's negotiation timer (as a host task): a guest that never answered (FreeBSD on a failed
     * negotiation, ic §1.4) makes the negotiation fail and the service lose the channel.
     *
     * @return completes with whether the channel was still waiting
     */
    public CompletableFuture<Boolean> negotiateTimeout() {
        return machine.onHost("ic: negotiate timeout " + relid, hostChannel::negotiateTimeout);
    }

    /** @return completes when the guest closed the channel (CLOSECHANNEL, ring GPADL torn down) */
    public CompletableFuture<Void> close() {
        return machine.onGuest("ic: close " + relid, () -> machine.devices().close(channel))
                .thenCompose(f -> f);
    }

    /** @return completes once the host rescinded the channel */
    public CompletableFuture<Void> rescind() {
        return machine.rescind(relid);
    }

    /** @return the channel's IcNegotiation events so far, in order */
    public List<TraceEvent> icEvents() {
        return icTracer.events();
    }

    /** @return the channel's IcNegotiation trace as records for the trace validator */
    public List<Map<String, Object>> icTrace() {
        return icTracer.events().stream().map(TraceEvent::toRecord).toList();
    }

    @Override
    public String toString() {
        return "IcServicePair[relid=" + relid + ", " + family + ", " + hostChannel + ", " + guestChannel + "]";
    }
}
