package org.hvref.channel.host;

import java.util.concurrent.CompletableFuture;

/**
 * The host side of one channel's device (a VSP): {@link VmbusServer} calls it when the guest opens, modifies and
 * closes the channel. Calls come from the server's thread with the server's lock held; a device answers slowly by
 * returning an incomplete future and completing it later from any thread.
 */
public interface HostDevice {
    /**
     * The guest opened the channel.
     *
     * @param request the validated OPENCHANNEL
     * @param rings   the ring pair over the ring GPADL
     * @return the OPENCHANNEL_RESULT status: 0 accepts, anything else refuses (vmbus-core.md §2.2)
     */
    CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings);

    /** The channel closed: by CLOSECHANNEL, rescind, UNLOAD or reconnect; the device stops using the rings. */
    void close();

    /**
     * The guest moved the channel's interrupts (MODIFYCHANNEL, vmbus-core.md §2.2, 4.1+).
     *
     * @param targetVp the new target VP
     * @return the MODIFYCHANNEL_RESPONSE status (sent from 5.3 on): 0 = success
     */
    default CompletableFuture<Integer> modify(int targetVp) {
        return CompletableFuture.completedFuture(0);
    }
}
