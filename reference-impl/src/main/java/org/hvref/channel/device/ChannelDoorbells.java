package org.hvref.channel.device;

import java.util.Objects;
import org.hvref.ring.RingDoorbell;

/**
 * The per-ring signals of one channel as one side's {@link ChannelEndpoint} sees them: the spec's {@code sigR}
 * (writer → reader) and {@code sigW} (reader → writer) of its outgoing and of its incoming ring ({@code
 * ring/VmbusRing.tla}, ring/CONTRACT.md "Signals"). Both endpoints of a channel share the same four doorbells,
 * each through its own view ({@link #peer()}).
 *
 * <p>Why: a VMBus channel has one interrupt per direction, not one per ring (vmbus-core.md §1.6), so an endpoint
 * woken by its peer cannot tell "data arrived" (the incoming ring's {@code sigR}) from "space freed" (the outgoing
 * ring's {@code sigW}). Without shared doorbells it must assume both, which makes ReaderWake and WriterWake steps
 * that no {@code WriterDecideSignal}/{@code ReaderDecidePendingSignal} asked for: correct behaviour, but not a
 * behaviour of VmbusRing, whose wakes consume a per-ring signal. With shared doorbells each side raises the ring's
 * doorbell right after the traced step that decided to signal, and before the interrupt; the woken side consumes
 * only what was raised, inside its traced wake step, so ring traces are behaviours of VmbusRing in any thread
 * interleaving. The interrupt itself is unchanged.
 *
 * @param outgoingData  {@code sigR} of the outgoing ring: this side's writer raises it, the peer's reader consumes it
 * @param outgoingSpace {@code sigW} of the outgoing ring: the peer's reader raises it, this side's writer consumes it
 * @param incomingData  {@code sigR} of the incoming ring: the peer's writer raises it, this side's reader consumes it
 * @param incomingSpace {@code sigW} of the incoming ring: this side's reader raises it, the peer's writer consumes it
 */
public record ChannelDoorbells(RingDoorbell outgoingData, RingDoorbell outgoingSpace, RingDoorbell incomingData,
        RingDoorbell incomingSpace) {
    /** Checks that no doorbell is missing and that the two rings' doorbells are distinct. */
    public ChannelDoorbells {
        Objects.requireNonNull(outgoingData, "outgoingData");
        Objects.requireNonNull(outgoingSpace, "outgoingSpace");
        Objects.requireNonNull(incomingData, "incomingData");
        Objects.requireNonNull(incomingSpace, "incomingSpace");
        if (outgoingData == incomingData || outgoingSpace == incomingSpace || outgoingData == outgoingSpace
                || incomingData == incomingSpace) {
            throw new IllegalArgumentException("channel doorbells: shared between rings or signals (expected: four "
                    + "distinct doorbells)");
        }
    }

    /** @return four fresh doorbells, as the guest's view (the host uses {@link #peer()}) */
    public static ChannelDoorbells create() {
        return new ChannelDoorbells(new RingDoorbell(), new RingDoorbell(), new RingDoorbell(), new RingDoorbell());
    }

    /** @return the same doorbells as the other endpoint sees them (its outgoing ring is this side's incoming one) */
    public ChannelDoorbells peer() {
        return new ChannelDoorbells(incomingData, incomingSpace, outgoingData, outgoingSpace);
    }
}
