package org.hvref.channel.guest;

import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.OfferChannel;

/** One offered channel as the client tracks it (guarded by the client's lock). */
final class GuestChannel {
    final OfferChannel offer;
    ChannelState state = ChannelState.OFFERED;
    /** A RESCIND was received for this offer (Linux {@code channel->rescind}, VmbusChannel {@code gresc}). */
    boolean rescinded;
    /** Ring GPADL handle while OPENING or OPEN, else 0. */
    int ringHandle;
    /** The open in progress (OPENING), or the open channel (OPEN). */
    PendingOpen open;
    /** The outstanding MODIFYCHANNEL (5.3+), or {@code null}. */
    CompletableFuture<Void> modify;

    GuestChannel(OfferChannel offer) {
        this.offer = offer;
    }

    int relid() {
        return offer.childRelid();
    }

    /**
     * An open request.
     *
     * @param future     completed on OPENCHANNEL_RESULT
     * @param channel    what the future completes with on success
     * @param ownsGpadl  the client created the ring GPADL for this open (torn down again if the open fails)
     */
    record PendingOpen(CompletableFuture<OpenedChannel> future, OpenedChannel channel, boolean ownsGpadl) {
    }
}
