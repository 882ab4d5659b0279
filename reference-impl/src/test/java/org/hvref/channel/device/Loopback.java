package org.hvref.channel.device;

import org.hvref.memory.GuestMemory;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;

/**
 * Test fixture: one guest memory holding the guest-to-host ring, the host-to-guest ring and {@link #BUFFER_PAGES}
 * spare pages (for GPA-direct buffers), and a deterministic interrupt link: each {@link Irq} records that a side
 * signalled, and {@link #runUntilQuiet} delivers pending interrupts one at a time, as the test's scheduler.
 */
final class Loopback {
    /** Spare guest pages after the rings. */
    static final int BUFFER_PAGES = 4;
    /** Most interrupts {@link #runUntilQuiet} delivers before it declares a livelock. */
    static final int MAX_STEPS = 1_000_000;

    /** A deterministic interrupt line: {@link #signal()} sets it, the scheduler takes it. */
    static final class Irq implements ChannelSignal {
        private boolean pending;
        private long signals;

        @Override
        public void signal() {
            pending = true;
            signals++;
        }

        boolean take() {
            boolean p = pending;
            pending = false;
            return p;
        }

        boolean pending() {
            return pending;
        }

        long signals() {
            return signals;
        }
    }

    final GuestMemory memory;
    final RingLayout toHost;
    final RingLayout toGuest;
    /** The guest signals the host on it. */
    final Irq hostIrq = new Irq();
    /** The host signals the guest on it. */
    final Irq guestIrq = new Irq();
    final long firstBufferPage;

    Loopback(int dataSize) {
        int ringPages = 1 + (dataSize + GuestMemory.PAGE_SIZE - 1) / GuestMemory.PAGE_SIZE;
        memory = GuestMemory.heap(2 * ringPages + BUFFER_PAGES);
        toHost = RingLayout.contiguous(memory, 0, dataSize);
        toGuest = RingLayout.contiguous(memory, (long) ringPages * GuestMemory.PAGE_SIZE, dataSize);
        toHost.initialize(true);
        toGuest.initialize(true);
        firstBufferPage = 2L * ringPages;
    }

    ChannelEndpoint guest(ChannelPacketHandler handler, int maxOutstanding) {
        return new ChannelEndpoint(new RingWriter(toHost), new RingReader(toGuest), hostIrq, handler, maxOutstanding,
            ChannelEndpoint.DEFAULT_BATCH);
    }

    ChannelEndpoint host(ChannelPacketHandler handler) {
        return new ChannelEndpoint(new RingWriter(toGuest), new RingReader(toHost), guestIrq, handler);
    }

    EchoClient echoClient(int maxOutstanding) {
        return new EchoClient(new RingWriter(toHost), new RingReader(toGuest), hostIrq, maxOutstanding);
    }

    /** Delivers one pending interrupt (host first); returns whether there was one. */
    static boolean step(Irq hostIrq, ChannelEndpoint host, Irq guestIrq, ChannelEndpoint guest) {
        if (hostIrq.take()) {
            host.onInterrupt();
            return true;
        }
        if (guestIrq.take()) {
            guest.onInterrupt();
            return true;
        }
        return false;
    }

    /** Delivers interrupts until none is pending; returns how many were delivered. */
    int runUntilQuiet(ChannelEndpoint host, ChannelEndpoint guest) {
        int steps = 0;
        while (step(hostIrq, host, guestIrq, guest)) {
            if (++steps > MAX_STEPS) {
                throw new AssertionError("interrupts keep coming after " + MAX_STEPS + " steps (livelock?)");
            }
        }
        return steps;
    }
}
