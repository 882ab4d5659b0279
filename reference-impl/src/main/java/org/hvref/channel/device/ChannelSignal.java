package org.hvref.channel.device;

/**
 * How one side of an open channel signals the other (vmbus-core.md §1.6): the guest's kick is {@code HvSignalEvent}
 * on the offer's connection id, flag 0 (or the legacy interrupt-page bit, or a monitor bit); the host's is the
 * channel's event flag on the target VP's SINT. One interface for both directions: the host adapter makes the
 * host→guest signal ({@link org.hvref.channel.host.GuestSignalFactory}), the guest adapter the guest→host one
 * ({@link org.hvref.channel.guest.VmbusGuestEndpoint#signalFor}), and a {@link ChannelEndpoint} uses either.
 * Called when a write makes the ring non-empty with interrupts unmasked, and when a read frees the space a blocked
 * writer asked for; the peer answers by calling its endpoint's {@link ChannelEndpoint#onInterrupt()}.
 *
 * <p>Implementations must deliver the signal asynchronously (never call the peer's {@code onInterrupt} on the calling
 * thread) and may coalesce signals, as event flags do.
 */
@FunctionalInterface
public interface ChannelSignal {
    /** A signal that does nothing (no interrupts, e.g. target VP 0xFFFFFFFF or tests that poll). */
    ChannelSignal NONE = () -> { };

    /** Rings the peer's doorbell for this channel. */
    void signal();
}
