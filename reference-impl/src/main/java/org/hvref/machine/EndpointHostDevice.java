package org.hvref.machine;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.device.ChannelDoorbells;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.trace.SpecTracer;

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
    private final RingTracerSource ringTracers;
    private final AtomicInteger opens = new AtomicInteger();
    private volatile ChannelEndpoint endpoint;

    /** Which tracer the ring code of a channel's ring records into. */
    @FunctionalInterface
    public interface RingTracerSource {
        /** No ring tracing. */
        RingTracerSource OFF = (relid, guestToHost) -> SpecTracer.OFF;

        /**
         * @param relid       the channel
         * @param guestToHost the guest→host ring (the host reads it), else the host→guest ring (the host writes it)
         * @return the tracer
         */
        SpecTracer tracer(int relid, boolean guestToHost);

        /**
         * @param relid the channel
         * @return the channel's per-ring doorbells as the host's endpoint sees them, when its rings are traced
         *     (see {@link ChannelRingTraces}); empty by default: one signal per direction
         */
        default Optional<ChannelDoorbells> doorbells(int relid) {
            return Optional.empty();
        }
    }

    /** @param handler receives the packets the guest sends */
    public EndpointHostDevice(ChannelPacketHandler handler) {
        this(handler, RingTracerSource.OFF);
    }

    /**
     * @param handler     receives the packets the guest sends
     * @param ringTracers the tracers of the rings' spec actions
     */
    public EndpointHostDevice(ChannelPacketHandler handler, RingTracerSource ringTracers) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.ringTracers = Objects.requireNonNull(ringTracers, "ringTracers");
    }

    @Override
    public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
        endpoint = hostEndpoint(ringTracers, request.relid(), rings, handler);
        opens.incrementAndGet();
        return CompletableFuture.completedFuture(0);
    }

    /**
     * Builds the host's endpoint of an opened channel: it reads the guest→host ring and writes the host→guest ring
     * (traced when {@code ringTracers} traces them, sharing the channel's doorbells then) and signals the guest.
     *
     * @param ringTracers the tracers of the rings' spec actions
     * @param relid       the channel
     * @param rings       the channel's rings
     * @param handler     receives the packets the guest sends
     * @return the endpoint
     */
    static ChannelEndpoint hostEndpoint(RingTracerSource ringTracers, int relid, HostChannelRings rings,
            ChannelPacketHandler handler) {
        SpecTracer in = ringTracers.tracer(relid, true);
        SpecTracer out = ringTracers.tracer(relid, false);
        RingReader reader = in.enabled() ? new RingReader(rings.incoming(), in) : rings.reader();
        RingWriter writer = out.enabled() ? new RingWriter(rings.outgoing(), out) : rings.writer();
        ChannelEndpoint e = new ChannelEndpoint(writer, reader, rings.signalGuest(), handler);
        ringTracers.doorbells(relid).ifPresent(e::shareDoorbells);
        return e;
    }

    @Override
    public void close() {
        ChannelEndpoint e = endpoint;
        endpoint = null;
        if (e != null) {
            e.close("host device closed"); // fail what the device still waits for, never hang (issue 3 §5)
        }
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
