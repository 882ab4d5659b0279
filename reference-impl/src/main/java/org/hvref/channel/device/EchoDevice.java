package org.hvref.channel.device;

import java.util.Objects;
import java.util.UUID;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;

/**
 * The host side of the hvref loopback echo device: answers every packet it receives, with a completion carrying the
 * echoed bytes if the packet asked for one (same transaction id), otherwise with an in-band packet carrying them
 * (same transaction id, no flags). The echoed bytes are the payload for in-band and transfer-page packets (the echo
 * device shares no transfer page set, so it echoes the payload only), and for GPA-direct packets the guest memory
 * the ranges describe, read range by range and page by page — so a GPA-direct round trip proves the page buffer
 * reached the host.
 *
 * <p>Not a Hyper-V device: its class GUID {@link #CLASS_ID} is private to hvref (see there).
 */
public final class EchoDevice implements ChannelPacketHandler {
    /**
     * The echo device's interface-type (class) GUID, {@code 68767265-6600-6563-686f-000000000001}: hvref-private, not
     * a Hyper-V device and not in vmbus-core.md §9.1's table; its first bytes spell ASCII "hvref", "echo". Hosts
     * offer it and guests bind to it only inside hvref.
     */
    public static final UUID CLASS_ID = UUID.fromString("68767265-6600-6563-686f-000000000001");

    private final GuestMemory memory;

    /**
     * An echo device.
     *
     * @param memory guest memory, read for GPA-direct packets
     */
    public EchoDevice(GuestMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
        byte[] echo;
        if (packet instanceof GpaDirectPacket) {
            echo = read((GpaDirectPacket) packet, endpoint.maxPacketLength() - PacketDescriptor.LENGTH);
        } else if (packet instanceof InBandPacket || packet instanceof TransferPagesPacket) {
            echo = packet.payload();
        } else {
            throw new AssertionError("unreachable: completions go to their requests, not the handler: " + packet);
        }
        int max = endpoint.maxPacketLength() - PacketDescriptor.LENGTH;
        if (echo.length > max) {
            throw new EchoRejectedException(EchoError.ECHO_TOO_LARGE, "echo length: " + echo.length
                + " bytes (expected: <= " + max + ", what the ring to the guest holds)");
        }
        if (packet.completionRequested()) {
            endpoint.send(new CompletionPacket(0, packet.transactionId(), echo));
        } else {
            endpoint.send(new InBandPacket(0, packet.transactionId(), echo));
        }
    }

    /** The bytes the ranges describe, in order; refuses more than {@code max} bytes before reading any. */
    private byte[] read(GpaDirectPacket packet, int max) {
        long total = 0;
        for (GpaRange r : packet.ranges()) {
            total += r.byteCount();
        }
        if (total > max) {
            throw new EchoRejectedException(EchoError.ECHO_TOO_LARGE, "gpa direct byte count: " + total
                + " bytes (expected: <= " + max + ", what the ring to the guest holds)");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (GpaRange r : packet.ranges()) {
            long remaining = r.byteCount();
            long offset = r.byteOffset();
            for (long pfn : r.pfns()) {
                if (remaining == 0) {
                    break;
                }
                if (pfn < 0 || pfn > Long.MAX_VALUE >>> GuestMemory.PAGE_SHIFT) {
                    throw new EchoRejectedException(EchoError.PFN_OUT_OF_RANGE, "gpa direct pfn: 0x"
                        + Long.toHexString(pfn) + " (expected: <= 0x" + Long.toHexString(Long.MAX_VALUE
                        >>> GuestMemory.PAGE_SHIFT) + ")");
                }
                int chunk = (int) Math.min(remaining, GuestMemory.PAGE_SIZE - offset);
                memory.read((pfn << GuestMemory.PAGE_SHIFT) + offset, out, at, chunk);
                at += chunk;
                remaining -= chunk;
                offset = 0;
            }
        }
        return out;
    }
}
