package org.hvref.channel.device;

/**
 * How one side of an open channel signals the other (vmbus-core.md §1.6: the guest's {@code HvSignalEvent} on the
 * channel's connection id, the host's event flag and SINT). Called when a write makes the ring non-empty with
 * interrupts unmasked, and when a read frees the space a blocked writer asked for; the peer answers by calling its
 * endpoint's {@link ChannelEndpoint#onInterrupt()}.
 *
 * <p>Implementations must deliver the signal asynchronously (never call the peer's {@code onInterrupt} on the calling
 * thread) and may coalesce signals, as event flags do.
 */
@FunctionalInterface
public interface ChannelSignal {
    /** Rings the peer's doorbell for this channel. */
    void signal();
}
