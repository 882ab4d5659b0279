package org.hvref.channel.guest;

/**
 * A channel's state on the guest (VmbusChannel.tla {@code gch}; Linux {@code vmbus_channel_state}, vmbus-core.md
 * §4.2). The rescind flag is orthogonal ({@link VmbusClient#isRescinded(int)}); a released channel is forgotten.
 */
public enum ChannelState {
    /** Offered and closed: may be opened. */
    OFFERED,
    /** OPENCHANNEL sent, waiting for OPENCHANNEL_RESULT. */
    OPENING,
    /** Open: its rings are in use. */
    OPEN
}
