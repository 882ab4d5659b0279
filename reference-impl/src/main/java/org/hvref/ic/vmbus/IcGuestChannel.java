package org.hvref.ic.vmbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.ic.IcClientStep;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.wire.ProtocolException;

/**
 * The guest side of one IC util channel (devices-ic-input-video.md §1.1, §1.7): every host packet goes to the
 * {@link IcServiceClient}; its answer is sent in place as an in-band packet, flags 0, echoing the request's VMBus
 * transaction id (ic §1.1: Linux), BEFORE the consumer acts on the request. One packet is handled at a time, at most
 * {@code maxPacket} bytes (ic §1.1: one 4 KiB page per packet for util services); the endpoint drains every packet
 * queued in the ring on each interrupt (ic §2: several heartbeats may be queued).
 *
 * <p>A packet that is not in-band, too large or not a parsable host request is dropped with a typed
 * {@link ProtocolException} (recorded here, rethrown so the endpoint counts it); the channel keeps working.
 */
public final class IcGuestChannel implements ChannelPacketHandler {
    private final IcServiceClient client;
    private final int maxPacket;
    private final List<ProtocolException> errors = new ArrayList<>();
    private long answered;

    /**
     * A guest channel with the service's packet bound ({@link IcOffers#guestMaxPacket}).
     *
     * @param client the guest IC core (its consumer is the daemon)
     */
    public IcGuestChannel(IcServiceClient client) {
        this(client, IcOffers.guestMaxPacket(client.service()));
    }

    /**
     * A guest channel.
     *
     * @param client    the guest IC core (its consumer is the daemon)
     * @param maxPacket the largest packet payload accepted, bytes (≥ 28)
     */
    public IcGuestChannel(IcServiceClient client, int maxPacket) {
        this.client = Objects.requireNonNull(client, "client");
        if (maxPacket < org.hvref.ic.protocol.IcHeaderDescriptor.LENGTH) {
            throw new IllegalArgumentException("max packet: " + maxPacket + " (expected: >= "
                    + org.hvref.ic.protocol.IcHeaderDescriptor.LENGTH + ")");
        }
        this.maxPacket = maxPacket;
    }

    @Override
    public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
        if (!(packet instanceof InBandPacket)) {
            throw record(new IcChannelException(IcChannelError.NOT_IN_BAND, "ic packet type: " + packet.type()
                    + " (expected: DATA_INBAND)"));
        }
        byte[] bytes = packet.payload();
        if (bytes.length > maxPacket) {
            throw record(new IcChannelException(IcChannelError.TOO_LARGE, "ic packet: " + bytes.length
                    + " bytes (expected: <= " + maxPacket + ")"));
        }
        IcClientStep step;
        try {
            step = client.onPacket(bytes, bytes.length);
        } catch (MalformedIcMessageException e) {
            throw record(e);
        }
        step.response().ifPresent(answer -> {
            synchronized (this) {
                answered++;
            }
            endpoint.send(new InBandPacket(0, packet.transactionId(), answer));
        });
        step.delivery().ifPresent(client::deliver);
    }

    private synchronized <E extends ProtocolException> E record(E e) {
        errors.add(e);
        return e;
    }

    /** @return the guest IC core */
    public IcServiceClient client() {
        return client;
    }

    /** @return the host packets refused, oldest first */
    public synchronized List<ProtocolException> protocolErrors() {
        return List.copyOf(errors);
    }

    /** @return answers sent */
    public synchronized long answered() {
        return answered;
    }

    @Override
    public String toString() {
        return "IcGuestChannel[" + client + ", answered=" + answered() + "]";
    }
}
