package org.hvref.machine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;

/**
 * Turns a data-plane {@link ChannelPacketHandler} (e.g. {@link org.hvref.channel.device.EchoDevice}) into a host
 * {@link HostDevice}: on open it builds a {@link ChannelEndpoint} over the channel's {@link HostChannelRings}
 * (reading the guest→host ring, writing the host→guest ring, signalling the guest through the rings' signal); the
 * guest's signals reach {@link #onGuestSignal()} (registered by {@link ReferenceMachine#addDevice} as the channel's
 * event port, so it runs as a host task) and drain the ring; on close it drops the endpoint and ignores later
 * signals.
 */
public final class EndpointHostDevice implements HostDevice {
    private final ChannelPacketHandler handler;
    private final AtomicInteger opens = new AtomicInteger();
    private volatile ChannelEndpoint endpoint;

    /** @param handler receives the packets the guest sends */
    public EndpointHostDevice(ChannelPacketHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
        endpoint = new ChannelEndpoint(rings.writer(), rings.reader(), rings.signalGuest(), handler);
        opens.incrementAndGet();
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public void close() {
        endpoint = null;
    }

    /** The guest signalled the channel (vmbus-core.md §1.6): drain the incoming ring if open. */
    public void onGuestSignal() {
        ChannelEndpoint e = endpoint;
        if (e != null) {
            e.onInterrupt();
        }
    }

    /** @return the endpoint of the open channel, or {@code null} while closed */
    public ChannelEndpoint endpoint() {
        return endpoint;
    }

    /** @return how many times the channel was opened */
    public int opens() {
        return opens.get();
    }

    /** @return whether the channel is open */
    public boolean isOpen() {
        return endpoint != null;
    }
}
