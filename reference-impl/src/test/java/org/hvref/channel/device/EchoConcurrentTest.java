package org.hvref.channel.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.junit.jupiter.api.Test;

/**
 * The echo device and client with the host and the guest each on its own interrupt thread, signalling each other
 * only through doorbells, while the test thread issues 10^5 echo requests (and a fire-and-forget post every 16th)
 * through a window larger than the endpoint's bound on outstanding requests, over rings small enough to fill. Not
 * timed: waits have generous timeouts so a lost wake-up fails the test instead of hanging it.
 */
class EchoConcurrentTest {
    private static final int REQUESTS = 100_000;
    private static final int WINDOW = 256;
    private static final int MAX_OUTSTANDING = 64;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    /** Runs an endpoint's {@code onInterrupt} each time its doorbell rings, until stopped. */
    static Thread interruptThread(String name, RingDoorbell bell, ChannelEndpoint[] endpoint, AtomicBoolean stop,
                                  AtomicReference<Throwable> error) {
        Thread t = new Thread(() -> {
            try {
                while (!stop.get()) {
                    bell.await(1, TimeUnit.SECONDS);
                    if (bell.tryConsume()) {
                        endpoint[0].onInterrupt();
                    }
                }
            } catch (Throwable e) {
                error.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    static int length(int i) {
        return 1 + i * 37 % 200;
    }

    @Test
    void shouldEchoEveryRequestWithNoneLostBetweenTwoInterruptThreads() throws Exception {
        Loopback l = new Loopback(4096);
        RingDoorbell hostBell = new RingDoorbell();
        RingDoorbell guestBell = new RingDoorbell();
        ChannelEndpoint[] host = {null};
        ChannelEndpoint[] guest = {null};
        host[0] = new ChannelEndpoint(new RingWriter(l.toGuest), new RingReader(l.toHost), guestBell::raise,
            new EchoDevice(l.memory));
        EchoClient client = new EchoClient(new RingWriter(l.toHost), new RingReader(l.toGuest), hostBell::raise,
            MAX_OUTSTANDING);
        guest[0] = client.endpoint();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread hostThread = interruptThread("echo-host", hostBell, host, stop, error);
        Thread guestThread = interruptThread("echo-guest", guestBell, guest, stop, error);
        hostThread.start();
        guestThread.start();
        try {
            ArrayDeque<CompletableFuture<byte[]>> window = new ArrayDeque<>();
            ArrayDeque<Integer> ids = new ArrayDeque<>();
            int posts = 0;
            int checked = 0;
            for (int i = 0; i < REQUESTS; i++) {
                byte[] payload = ChannelEndpointTest.bytes(i, length(i));
                if (i % 16 == 15) {
                    guest[0].sendBlocking(new InBandPacket(0, i, payload), HANG_GUARD);
                    posts++;
                }
                window.add(client.echo(payload));
                ids.add(i);
                if (window.size() == WINDOW || i == REQUESTS - 1) {
                    while (!window.isEmpty()) {
                        int id = ids.poll();
                        byte[] echoed = window.poll().get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
                        assertArrayEquals(ChannelEndpointTest.bytes(id, length(id)), echoed, "echo " + id);
                        checked++;
                    }
                }
                assertNull(error.get());
            }
            assertEquals(REQUESTS, checked);
            // the last request was answered after every post's echo, and the guest drains in ring order
            for (int n = 0; n < posts; n++) {
                InBandPacket echo = client.pollEcho();
                int id = 16 * n + 15;
                assertEquals(id, echo.transactionId(), "post echo " + n);
                byte[] sent = ChannelEndpointTest.bytes(id, length(id));
                byte[] got = echo.payload();
                assertEquals((sent.length + 7) / 8 * 8, got.length);
                assertArrayEquals(sent, java.util.Arrays.copyOf(got, sent.length));
            }
            assertNull(client.pollEcho());
        } finally {
            stop.set(true);
            hostBell.raise();
            guestBell.raise();
            hostThread.join(HANG_GUARD.toMillis());
            guestThread.join(HANG_GUARD.toMillis());
        }
        assertNull(error.get());
        assertFalse(host[0].isFailed() || guest[0].isFailed());
        assertEquals(0, host[0].protocolErrors());
        assertEquals(0, guest[0].protocolErrors());
        assertEquals(0, guest[0].outstandingRequests());
        System.out.println("EchoConcurrentTest: " + REQUESTS + " echoes; guest writer sleeps " + guest[0].writerSleeps()
            + ", host writer sleeps " + host[0].writerSleeps());
    }
}
