package org.hvref.channel.guest;

import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.ring.RingLayout;

/**
 * An open channel handed to the device layer (vmbus-core.md §5 "Ring-buffer GPADL layout"): the ring GPADL's pages
 * {@code [0, downstreamPageOffset)} are the guest's outgoing (guest-to-host) ring, {@code [downstreamPageOffset,
 * end)} its incoming (host-to-guest) ring, each a control page followed by data pages. Build a
 * {@link org.hvref.ring.RingWriter} over {@link #outgoing()} and a {@link org.hvref.ring.RingReader} over {@link
 * #incoming()}; kick the host through a {@link ChannelSignal} on {@link #signalConnectionId()}.
 *
 * @param offer                the channel's offer
 * @param ringGpadl            handle of the ring GPADL (tear it down after {@link VmbusClient#close(int)})
 * @param downstreamPageOffset page index where the incoming ring starts
 * @param targetVp             VP the host interrupts for this channel
 * @param outgoing             guest-to-host ring
 * @param incoming             host-to-guest ring
 */
public record OpenedChannel(OfferChannel offer, int ringGpadl, int downstreamPageOffset, int targetVp,
        RingLayout outgoing, RingLayout incoming) {

    /** @return the channel's relid */
    public int relid() {
        return offer.childRelid();
    }

    /** @return the connection id the guest signals the host with (the offer's, vmbus-core.md §1.4) */
    public int signalConnectionId() {
        return offer.connectionId();
    }
}
