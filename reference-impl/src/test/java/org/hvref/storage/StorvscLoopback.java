package org.hvref.storage;

import java.util.ArrayList;
import java.util.List;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.VmbusPacket;
import org.hvref.storage.vsc.DmaPages;

/**
 * Test fixture: one guest memory with a channel's two rings (pages 0..7) and buffer pages after them, a host and a
 * guest endpoint, and a deterministic interrupt loop ({@link #run()}). Buffer pages come from a simple allocator.
 */
public final class StorvscLoopback {
    /** Pages of guest memory. */
    public static final int PAGES = 256;
    /** Data size of each ring. */
    public static final int RING_DATA = 3 * GuestMemory.PAGE_SIZE;

    /** A deterministic interrupt line. */
    static final class Irq implements ChannelSignal {
        private boolean pending;

        @Override
        public void signal() {
            pending = true;
        }

        boolean take() {
            boolean p = pending;
            pending = false;
            return p;
        }
    }

    /** Records what a raw side receives. */
    public static final class Capture implements ChannelPacketHandler {
        public final List<VmbusPacket> packets = new ArrayList<>();

        @Override
        public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
            packets.add(packet);
        }

        @Override
        public boolean handlesCompletions() {
            return true;
        }
    }

    public final GuestMemory memory = GuestMemory.heap(PAGES);
    private final Irq hostIrq = new Irq();
    private final Irq guestIrq = new Irq();
    private final RingLayout toHost;
    private final RingLayout toGuest;
    private long nextPage = 8;
    private final List<Long> freed = new ArrayList<>();
    public ChannelEndpoint host;
    public ChannelEndpoint guest;

    /** Rings at pages 0-3 (to host) and 4-7 (to guest). */
    public StorvscLoopback() {
        toHost = RingLayout.contiguous(memory, 0, RING_DATA);
        toGuest = RingLayout.contiguous(memory, 4L * GuestMemory.PAGE_SIZE, RING_DATA);
        toHost.initialize(true);
        toGuest.initialize(true);
    }

    /** @param handler the host's handler @return the host endpoint */
    public ChannelEndpoint host(ChannelPacketHandler handler) {
        host = new ChannelEndpoint(new RingWriter(toGuest), new RingReader(toHost), guestIrq, handler);
        return host;
    }

    /** @param handler the guest's handler @return the guest endpoint */
    public ChannelEndpoint guest(ChannelPacketHandler handler) {
        guest = new ChannelEndpoint(new RingWriter(toHost), new RingReader(toGuest), hostIrq, handler);
        return guest;
    }

    /** Delivers interrupts until both sides are quiet. */
    public void run() {
        for (int i = 0; i < 1_000_000; i++) {
            if (hostIrq.take()) {
                host.onInterrupt();
            } else if (guestIrq.take()) {
                guest.onInterrupt();
            } else {
                return;
            }
        }
        throw new IllegalStateException("loopback: livelock");
    }

    /** @return guest pages for buffers: fresh pages from 8 on, freed ones reused */
    public DmaPages dma() {
        return new DmaPages() {
            @Override
            public long[] allocate(int count) {
                long[] p = new long[count];
                for (int i = 0; i < count; i++) {
                    p[i] = !freed.isEmpty() ? freed.remove(freed.size() - 1) : nextPage++;
                    if (p[i] >= PAGES) {
                        throw new IllegalStateException("loopback pages: exhausted");
                    }
                }
                return p;
            }

            @Override
            public void free(long[] pages) {
                for (long p : pages) {
                    freed.add(p);
                }
            }
        };
    }
}
