package org.hvref.machine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;

/**
 * The host device of one StorVSC channel (primary or sub-channel): on open an endpoint over the channel's rings with
 * the VSP's handler, handed to {@code onOpen}; guest signals drain the ring; on close the endpoint closes and {@code
 * onClose} runs (the primary's resets the VSP, §3.4).
 */
final class StorvscHostDevice implements HostDevice {
    private final ReferenceMachine machine;
    private final ChannelPacketHandler handler;
    private final Consumer<ChannelEndpoint> onOpen;
    private final Runnable onClose;
    private volatile ChannelEndpoint endpoint;

    StorvscHostDevice(ReferenceMachine machine, ChannelPacketHandler handler, Consumer<ChannelEndpoint> onOpen,
            Runnable onClose) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.onOpen = Objects.requireNonNull(onOpen, "onOpen");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
        ChannelEndpoint e = EndpointHostDevice.hostEndpoint(machine.hostRingTracers(), request.relid(), rings,
                handler);
        endpoint = e;
        onOpen.accept(e);
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public void close() {
        ChannelEndpoint e = endpoint;
        endpoint = null;
        if (e != null) {
            e.close("storvsc host device closed");
        }
        onClose.run();
    }

    /** The guest signalled the channel: drain the incoming ring if open. */
    void onGuestSignal() {
        ChannelEndpoint e = endpoint;
        if (e != null) {
            e.onInterrupt();
        }
    }

    /** @return the host's endpoint while open, else {@code null} */
    ChannelEndpoint endpoint() {
        return endpoint;
    }
}
