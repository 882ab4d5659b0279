package org.hvref.machine;

import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;

/**
 * Builds a guest driver over an opened channel's rings: {@link GuestDevices} calls it once the open succeeded and
 * routes the channel's interrupt to the endpoint it returns.
 *
 * @param <D> the driver type
 */
@FunctionalInterface
public interface GuestDriverFactory<D> {
    /**
     * @param outgoing writer of the guest→host ring
     * @param incoming reader of the host→guest ring
     * @param signal   kicks the host (HvSignalEvent on the offer's connection id)
     * @return the driver and its endpoint
     */
    Binding<D> bind(RingWriter outgoing, RingReader incoming, ChannelSignal signal);

    /**
     * A driver and the endpoint its interrupts go to.
     *
     * @param driver   the driver
     * @param endpoint its data-plane endpoint
     * @param <D>      the driver type
     */
    record Binding<D>(D driver, ChannelEndpoint endpoint) {
    }
}
