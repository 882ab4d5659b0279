package org.hvref.channel.host;

import org.hvref.channel.device.ChannelSignal;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;

/**
 * The data plane of an opened channel, over the ring GPADL's pages (vmbus-core.md §5 "Ring-buffer GPADL layout"):
 * pages {@code [0, downstreamPageOffset)} are the guest→host ring the host reads, pages
 * {@code [downstreamPageOffset, end)} the host→guest ring the host writes.
 *
 * @param incoming    the guest→host ring
 * @param outgoing    the host→guest ring
 * @param reader      reader of {@code incoming}
 * @param writer      writer of {@code outgoing}
 * @param signalGuest interrupts the guest for this channel
 */
public record HostChannelRings(RingLayout incoming, RingLayout outgoing, RingReader reader, RingWriter writer,
        ChannelSignal signalGuest) {
}
