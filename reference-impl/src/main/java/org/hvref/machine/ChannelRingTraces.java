package org.hvref.machine;

import org.hvref.channel.device.ChannelDoorbells;
import org.hvref.trace.RecordingTracer;

/**
 * The VmbusRing traces of one open channel, one per ring: each records the spec actions of that ring's writer and
 * reader (the guest writes the guest→host ring and the host reads it; the other way round for the host→guest ring),
 * so each is a trace of {@code ring/TraceVmbusRing.tla} with the ring's data size and the feature bit the guest set
 * (the client initializes both rings with {@code feat_pending_send_sz}).
 *
 * <p>A channel has one interrupt per direction, not one per ring (vmbus-core.md §1.6), so an endpoint on its own
 * would wake its reader (ReaderWake) and its sleeping writer (WriterWake) on every interrupt, also on one the peer
 * raised for the other ring: steps VmbusRing has no signal for. The endpoints of a traced channel therefore share
 * the channel's per-ring {@link #doorbells()} (the spec's {@code sigR}/{@code sigW} of both rings; the guest's view,
 * the host uses {@link ChannelDoorbells#peer()}), so each wake consumes a signal a traced step decided, in
 * deterministic and in concurrent mode.
 *
 * @param relid       the channel
 * @param guestToHost the guest→host ring's trace
 * @param hostToGuest the host→guest ring's trace
 * @param doorbells   the channel's per-ring doorbells, as the guest's endpoint sees them
 */
public record ChannelRingTraces(int relid, RecordingTracer guestToHost, RecordingTracer hostToGuest,
        ChannelDoorbells doorbells) {
    /** The feature bit the guest sets on both rings (VmbusClient initializes them with feat_pending_send_sz). */
    public static final boolean FEAT_PENDING_SEND = true;

    /** @param relid the channel @return empty traces */
    static ChannelRingTraces create(int relid) {
        return new ChannelRingTraces(relid, new RecordingTracer(), new RecordingTracer(), ChannelDoorbells.create());
    }
}
