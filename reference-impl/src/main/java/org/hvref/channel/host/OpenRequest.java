package org.hvref.channel.host;

import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;

/**
 * What the guest asked for in OPENCHANNEL (vmbus-core.md §2.2), after the host validated it.
 *
 * @param relid                the channel
 * @param openId               the guest's open id (echoed in the result)
 * @param offer                the channel's offer parameters
 * @param ringGpadl            the accepted ring GPADL
 * @param downstreamPageOffset page index where the host→guest ring starts in the GPADL
 * @param targetVp             VP for host→guest interrupts (0xFFFFFFFF = none)
 * @param userData             the 120 bytes of user data for the device
 * @param extension            the Copper extension, or {@code null}
 */
public record OpenRequest(int relid, int openId, HostChannelConfig offer, Gpadl ringGpadl, int downstreamPageOffset,
        int targetVp, OpaqueBytes userData, OpenChannel.Extension extension) {
}
