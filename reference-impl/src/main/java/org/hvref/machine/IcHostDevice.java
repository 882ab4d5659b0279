package org.hvref.machine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.ic.vmbus.IcHostChannel;

/**
 * The host device of one IC util channel: on the (single) open it builds the {@link ChannelEndpoint} over the
 * channel's rings and, as a separate host task, lets the {@link IcHostChannel} send NEGOTIATE; guest signals drain
 * the ring into the channel; close (CLOSECHANNEL, rescind, unload) tells the channel, whose service then loses it.
 * A second open is refused: an IC channel negotiates once per offer here. A daemon that must learn of the loss
 * (file copy) is told after the host service, through an {@link IcGuestLossGate}.
 */
public final class IcHostDevice implements HostDevice {
    /** The OPENCHANNEL_RESULT status of a refused second open (any non-zero refuses, vmbus-core.md §2.2). */
    public static final int REOPEN_REFUSED = 1;

    private final IcHostChannel channel;
    private final ReferenceMachine machine;
    private final AtomicBoolean openedOnce = new AtomicBoolean();
    private final IcGuestLossGate guestGate;
    private volatile ChannelEndpoint endpoint;

    IcHostDevice(IcHostChannel channel, ReferenceMachine machine, IcGuestLossGate guestGate) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.guestGate = guestGate;
    }

    @Override
    public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
        if (!openedOnce.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(REOPEN_REFUSED);
        }
        ChannelEndpoint e = EndpointHostDevice.hostEndpoint(machine.hostRingTracers(), request.relid(), rings, channel);
        endpoint = e;
        machine.onHost("ic " + channel.service().service() + ": negotiate", () -> {
            if (endpoint == e) {
                channel.opened(e); // after OPENCHANNEL_RESULT: the guest binds its endpoint, then drains once
            }
            return null;
        });
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public void close() {
        ChannelEndpoint e = endpoint;
        endpoint = null;
        if (e != null) {
            e.close("ic host device closed");
        }
        String why = "ic channel closed (close, rescind or unload)";
        if (guestGate == null) {
            channel.closed(why);
        } else { // host service first, then the guest daemon (ic/CONTRACT.md: HostVanish before GuestAbandon)
            guestGate.hostThenGuest(() -> channel.closed(why), why, notice -> machine.onGuest("ic "
                    + channel.service().service() + ": daemon learns of the loss", () -> {
                        notice.run();
                        return null;
                    }));
        }
    }

    /** The guest signalled the channel: drain the incoming ring if open. */
    public void onGuestSignal() {
        ChannelEndpoint e = endpoint;
        if (e != null) {
            e.onInterrupt();
        }
    }

    /** @return the host's endpoint while open, else {@code null} */
    public ChannelEndpoint endpoint() {
        return endpoint;
    }

    /** @return the IC channel */
    public IcHostChannel channel() {
        return channel;
    }
}
