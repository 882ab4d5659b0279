package org.hvref.channel.guest;

/**
 * Kicks the host after the guest wrote to a channel's outgoing ring: the adapter issues HvSignalEvent with the offer's
 * connection id, flag 0 (vmbus-core.md §1.4, §1.6), or sets the monitor bit.
 */
@FunctionalInterface
public interface ChannelSignal {
    /** Signals the host once. */
    void signal();
}
