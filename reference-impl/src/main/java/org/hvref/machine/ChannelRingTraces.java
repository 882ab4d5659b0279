package org.hvref.machine;

import org.hvref.trace.RecordingTracer;

/**
 * The VmbusRing traces of one open channel, one per ring: each records the spec actions of that ring's writer and
 * reader (the guest writes the guest→host ring and the host reads it; the other way round for the host→guest ring),
 * so each is a trace of {@code ring/TraceVmbusRing.tla} with the ring's data size and the feature bit the guest set
 * (the client initializes both rings with {@code feat_pending_send_sz}).
 *
 * <p>Known limit: a channel has one signal per direction, not per ring (vmbus-core.md §1.6), so a {@link
 * org.hvref.channel.device.ChannelEndpoint} starts a drain (ReaderWake) on every interrupt, also one the peer raised
 * for the other ring; {@code TraceVmbusRing.tla} has no step for such a spurious wake yet and rejects those traces.
 *
 * @param relid       the channel
 * @param guestToHost the guest→host ring's trace
 * @param hostToGuest the host→guest ring's trace
 */
public record ChannelRingTraces(int relid, RecordingTracer guestToHost, RecordingTracer hostToGuest) {
    /** The feature bit the guest sets on both rings (VmbusClient initializes them with feat_pending_send_sz). */
    public static final boolean FEAT_PENDING_SEND = true;

    /** @param relid the channel @return empty traces */
    static ChannelRingTraces create(int relid) {
        return new ChannelRingTraces(relid, new RecordingTracer(), new RecordingTracer());
    }
}
