package org.hvref.channel.host;

/** Interrupts the guest for one channel (host→guest signal, vmbus-core.md §1.6); the adapter implements it. */
@FunctionalInterface
public interface ChannelSignal {
    /** A signal that does nothing (no interrupts, e.g. target VP 0xFFFFFFFF or tests that poll). */
    ChannelSignal NONE = () -> { };

    /** Signals the guest that the host→guest ring of this channel has something new. */
    void signal();
}
