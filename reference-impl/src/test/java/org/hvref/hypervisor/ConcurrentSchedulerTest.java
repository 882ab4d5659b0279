package org.hvref.hypervisor;

import static org.hvref.hypervisor.TestPartition.SINT;
import static org.hvref.hypervisor.TestPartition.payload;
import static org.hvref.hypervisor.TestPartition.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Host and guest on their own threads. Timeouts are hang guards only, never assertions about speed. */
class ConcurrentSchedulerTest {
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);
    private static final int N = 100_000;

    @Test
    void shouldPingPongHundredThousandMessagesWithoutLoss() throws Exception {
        try (ConcurrentScheduler scheduler = new ConcurrentScheduler()) {
            TestPartition p = new TestPartition(scheduler);
            AtomicInteger hostReceived = new AtomicInteger();
            AtomicInteger guestReceived = new AtomicInteger();
            List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            p.hv.registerMessagePort(ConnectionIds.MESSAGE, (conn, type, body) -> {
                int i = seq(body);
                if (i != hostReceived.getAndIncrement()) {
                    errors.add("host got " + i);
                }
                HvStatus s = p.hv.postToGuest(0, SINT, 1, body);
                if (!s.isSuccess()) {
                    errors.add("postToGuest " + s);
                }
            });
            p.synic.enableSint(SINT, (vp, sint) -> {
                for (Optional<SynicMessage> m = p.synic.takeMessage(sint); m.isPresent(); m = p.synic.takeMessage(sint)) {
                    int i = seq(m.get().payload());
                    if (i != guestReceived.getAndIncrement()) {
                        errors.add("guest got " + i);
                    }
                    if (i + 1 < N) {
                        HvStatus s = p.hv.postMessage(ConnectionIds.MESSAGE, 1, payload(i + 1, 16));
                        if (!s.isSuccess()) {
                            errors.add("postMessage " + s);
                        }
                    }
                }
            });
            scheduler.submit(Side.GUEST, "guest: first post", () -> p.hv.postMessage(1, 1, payload(0, 16)));
            assertTrue(scheduler.awaitIdle(HANG_GUARD), "hang guard");
            assertEquals(List.of(), errors);
            assertEquals(N, hostReceived.get());
            assertEquals(N, guestReceived.get());
        }
    }

    @Test
    void shouldStreamHostPostsThroughTheSlotWithoutLossOrDuplicates() throws Exception {
        try (ConcurrentScheduler scheduler = new ConcurrentScheduler()) {
            TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withSintQueueCapacity(8));
            List<Integer> received = new ArrayList<>(N);
            p.synic.enableSint(SINT, (vp, sint) -> {
                for (Optional<SynicMessage> m = p.synic.takeMessage(sint); m.isPresent(); m = p.synic.takeMessage(sint)) {
                    received.add(seq(m.get().payload()));
                }
            });
            int[] refused = new int[1];
            scheduler.submit(Side.HOST, "host: flood", () -> {
                for (int i = 0; i < N; i++) {
                    while (p.hv.postToGuest(0, SINT, 1, payload(i, 8)) == HvStatus.INSUFFICIENT_BUFFERS) {
                        refused[0]++;
                        Thread.yield();
                    }
                }
            });
            assertTrue(scheduler.awaitIdle(HANG_GUARD), "hang guard");
            assertEquals(N, received.size());
            for (int i = 0; i < N; i++) {
                assertEquals(i, received.get(i));
            }
            System.out.println("host flood: " + refused[0] + " INSUFFICIENT_BUFFERS retries");
        }
    }

    @Test
    void shouldStreamGuestPostsToTheHostPortWithoutLoss() throws Exception {
        try (ConcurrentScheduler scheduler = new ConcurrentScheduler()) {
            TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withPortQueueCapacity(4));
            List<Integer> received = new ArrayList<>(N);
            p.hv.registerMessagePort(1, (conn, type, body) -> received.add(seq(body)));
            scheduler.submit(Side.GUEST, "guest: flood", () -> {
                for (int i = 0; i < N; i++) {
                    while (p.hv.postMessage(1, 1, payload(i, 8)) == HvStatus.INSUFFICIENT_BUFFERS) {
                        Thread.yield();
                    }
                }
            });
            assertTrue(scheduler.awaitIdle(HANG_GUARD), "hang guard");
            assertEquals(N, received.size());
            for (int i = 0; i < N; i++) {
                assertEquals(i, received.get(i));
            }
        }
    }

    @Test
    void shouldNeverLoseAnEventSignal() throws Exception {
        try (ConcurrentScheduler scheduler = new ConcurrentScheduler()) {
            TestPartition p = new TestPartition(scheduler);
            // guest -> host: the host counts the work items it finds after each (coalesced) signal
            AtomicInteger produced = new AtomicInteger();
            AtomicInteger consumed = new AtomicInteger();
            p.hv.registerEventPort(0x2005, () -> consumed.set(produced.get()));
            scheduler.submit(Side.GUEST, "guest: signal", () -> {
                for (int i = 0; i < N; i++) {
                    produced.incrementAndGet();
                    p.hv.signalEvent(0x2005, 0);
                }
            });
            assertTrue(scheduler.awaitIdle(HANG_GUARD), "hang guard");
            assertEquals(N, consumed.get(), "the last signal was seen after the last item");
        }
    }

    @Test
    void shouldRethrowTaskFailuresFromAwaitIdleAndClose() throws Exception {
        ConcurrentScheduler scheduler = new ConcurrentScheduler();
        IllegalStateException boom = new IllegalStateException("boom");
        scheduler.submit(Side.HOST, "host: fails", () -> {
            throw boom;
        });
        AtomicInteger after = new AtomicInteger();
        scheduler.submit(Side.HOST, "host: after", after::incrementAndGet);
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> scheduler.awaitIdle(HANG_GUARD));
        assertSame(boom, e.getCause());
        assertEquals(Side.HOST, e.side());
        assertEquals("host: fails", e.label());
        TaskFailedException onClose = assertThrows(TaskFailedException.class, scheduler::close);
        assertSame(e, onClose);
        assertThrows(IllegalStateException.class, () -> scheduler.submit(Side.GUEST, "late", () -> { }));
    }

    @Test
    void shouldReportTimeoutWhileATaskIsStillRunning() throws Exception {
        try (ConcurrentScheduler scheduler = new ConcurrentScheduler()) {
            CountDownLatch release = new CountDownLatch(1);
            scheduler.submit(Side.GUEST, "guest: blocked", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertFalse(scheduler.awaitIdle(Duration.ofMillis(20)), "the task cannot finish before release");
            assertEquals(1, scheduler.outstanding());
            release.countDown();
            assertTrue(scheduler.awaitIdle(HANG_GUARD), "hang guard");
        }
    }

    @Test
    void shouldRunOneSideSeriallyInSubmissionOrder() throws Exception {
        try (ConcurrentScheduler scheduler = new ConcurrentScheduler()) {
            List<Integer> order = new ArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                scheduler.submit(Side.HOST, "host " + n, () -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(n);
                    running.decrementAndGet();
                });
            }
            assertTrue(scheduler.awaitIdle(HANG_GUARD), "hang guard");
            assertEquals(0, overlaps.get());
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, order.get(i));
            }
            assertEquals(10_000, order.size());
        }
    }
}
