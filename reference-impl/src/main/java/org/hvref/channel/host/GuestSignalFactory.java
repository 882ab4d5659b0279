package org.hvref.channel.host;

import org.hvref.channel.device.ChannelSignal;

/** Makes the host→guest {@link ChannelSignal} of an opened channel; the adapter implements it. */
@FunctionalInterface
public interface GuestSignalFactory {
    /** A factory whose signals do nothing. */
    GuestSignalFactory NONE = (relid, targetVp) -> ChannelSignal.NONE;

    /**
     * @param relid    the channel's relid
     * @param targetVp the VP the guest asked interrupts for (OPENCHANNEL target_vp, vmbus-core.md §2.2)
     * @return the signal
     */
    ChannelSignal forChannel(int relid, int targetVp);
}
