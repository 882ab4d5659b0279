package org.hvref.channel.guest;

import org.hvref.channel.protocol.OfferChannel;

/** Receives channel arrivals and departures after the initial offers (hot-add, rescind). Called without locks held. */
public interface ClientListener {
    /**
     * A channel offered after ALLOFFERS_DELIVERED (hot-add, vmbus-core.md §4.1 step 4; hazards.md L-OFR-1).
     *
     * @param offer the validated offer
     */
    default void offerAdded(OfferChannel offer) {
    }

    /**
     * The host rescinded a channel. If it is open the user should stop using its rings and {@link
     * VmbusClient#close(int)} it (no CLOSECHANNEL is sent); the client sends RELID_RELEASED once the channel is
     * closed and no GPADL or modify request of it is outstanding.
     *
     * @param relid the channel's relid
     */
    default void offerRescinded(int relid) {
    }
}
