package org.hvref.channel.device;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.VmbusPacket;

/**
 * The guest side of the hvref loopback {@link EchoDevice}: owns the guest's {@link ChannelEndpoint} and offers
 * echo requests ({@link #echo}, {@link #echoPages}) and fire-and-forget posts ({@link #post}) whose echoes arrive
 * as in-band packets ({@link #pollEcho}). Packets carry no length of their own (vmbus-core.md §7.1: the payload is
 * padded to 8 bytes), so {@link #echo} returns the first {@code payload.length} bytes of the echo.
 */
public final class EchoClient implements ChannelPacketHandler {
    private final ChannelEndpoint endpoint;
    private final ConcurrentLinkedQueue<InBandPacket> echoes = new ConcurrentLinkedQueue<>();

    /**
     * A client with the endpoint's default bounds.
     *
     * @param outgoing the writer of the guest-to-host ring
     * @param incoming the reader of the host-to-guest ring
     * @param signal   signals the host
     */
    public EchoClient(RingWriter outgoing, RingReader incoming, ChannelSignal signal) {
        this(outgoing, incoming, signal, ChannelEndpoint.DEFAULT_MAX_OUTSTANDING);
    }

    /**
     * A client.
     *
     * @param outgoing       the writer of the guest-to-host ring
     * @param incoming       the reader of the host-to-guest ring
     * @param signal         signals the host
     * @param maxOutstanding most echo requests in flight
     */
    public EchoClient(RingWriter outgoing, RingReader incoming, ChannelSignal signal, int maxOutstanding) {
        this.endpoint = new ChannelEndpoint(outgoing, incoming, signal, this, maxOutstanding,
            ChannelEndpoint.DEFAULT_BATCH);
    }

    /** @return the guest's endpoint (its {@link ChannelEndpoint#onInterrupt()} is the guest's interrupt entry) */
    public ChannelEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code payload} as a request and returns what the device echoed.
     *
     * @param payload the bytes (copied now)
     * @return the first {@code payload.length} bytes of the echo; fails with {@link EchoRejectedException}
     *     ({@link EchoError#ECHO_TOO_SHORT}) if the echo is shorter
     */
    public CompletableFuture<byte[]> echo(byte[] payload) {
        int length = payload.length;
        return endpoint.request(payload).thenApply(c -> prefix(c, length));
    }

    /**
     * Sends a GPA-direct request naming guest page buffers; the device echoes the bytes they hold.
     *
     * @param ranges the page buffers
     * @return the bytes the device read from the ranges, in order
     */
    public CompletableFuture<byte[]> echoPages(List<GpaRange> ranges) {
        long total = 0;
        for (GpaRange r : ranges) {
            total += r.byteCount();
        }
        int length = (int) Math.min(total, Integer.MAX_VALUE);
        return endpoint.requestGpaDirect(ranges, new byte[0]).thenApply(c -> prefix(c, length));
    }

    /**
     * Sends {@code payload} in band without asking for a completion; the echo arrives as an in-band packet with the
     * same transaction id.
     *
     * @param transactionId an id of the caller's choosing, echoed back
     * @param payload       the bytes (copied)
     * @return completes when the packet is in the ring
     */
    public CompletableFuture<Void> post(long transactionId, byte[] payload) {
        return endpoint.send(new InBandPacket(0, transactionId, payload));
    }

    /** @return the oldest in-band echo not yet taken, or {@code null} */
    public InBandPacket pollEcho() {
        return echoes.poll();
    }

    @Override
    public void onPacket(ChannelEndpoint from, VmbusPacket packet) {
        if (!(packet instanceof InBandPacket) || packet.completionRequested()) {
            throw new EchoRejectedException(EchoError.UNEXPECTED_PACKET, "echo client packet: " + packet.type()
                + " flags=" + packet.flags() + " (expected: DATA_INBAND without COMPLETION_REQUESTED)");
        }
        echoes.add((InBandPacket) packet);
    }

    private static byte[] prefix(CompletionPacket completion, int length) {
        byte[] echo = completion.payload();
        if (echo.length < length) {
            throw new EchoRejectedException(EchoError.ECHO_TOO_SHORT, "echo length: " + echo.length
                + " bytes (expected: >= " + length + ")");
        }
        return echo.length == length ? echo : Arrays.copyOf(echo, length);
    }
}
