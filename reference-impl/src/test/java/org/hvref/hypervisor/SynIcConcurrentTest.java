package org.hvref.hypervisor;

import static org.hvref.hypervisor.TestPartition.SINT;
import static org.hvref.hypervisor.TestPartition.payload;
import static org.hvref.hypervisor.TestPartition.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The slot race of vmbus-core.md §1.1 on two real threads: the guest frees a busy slot (compare-and-set, then reads
 * {@code msg_pending}) while the host queues the next message behind it (sets {@code msg_pending}). Whatever the
 * interleaving, the next message must end up in the slot without any further EOM or post.
 */
class SynIcConcurrentTest {
    private static final int ROUNDS = 20_000;

    @Test
    void shouldNeverStrandAMessageWhenTheGuestFreesTheSlotWhileTheHostQueues() throws Exception {
        TestPartition p = new TestPartition(DeterministicScheduler.seeded(0)); // SINT masked: no tasks are queued
        CyclicBarrier start = new CyclicBarrier(2);
        int[] stranded = new int[1];
        for (int round = 0; round < ROUNDS; round++) {
            int a = 2 * round;
            assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(a, 8)));
            Thread guest = new Thread(() -> {
                await(start);
                int got = seq(p.synic.takeMessage(SINT).orElseThrow().payload());
                if (got != a) {
                    throw new AssertionError("guest took " + got + " (expected: " + a + ")");
                }
            });
            guest.start();
            await(start);
            assertEquals(HvStatus.SUCCESS, p.hv.postToGuest(0, SINT, 1, payload(a + 1, 8)));
            guest.join(TimeUnit.MINUTES.toMillis(1));
            if (p.synic.readMessage(SINT).isEmpty()) {
                stranded[0]++;
                p.synic.endOfMessage(); // recover so the next round starts clean
            }
            assertEquals(a + 1, seq(p.synic.takeMessage(SINT).orElseThrow().payload()));
            assertEquals(0, p.synic.queuedMessages(SINT));
        }
        assertEquals(0, stranded[0], "rounds whose second message stayed queued with the slot empty");
        assertTrue(p.synic.readMessage(SINT).isEmpty());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("barrier", e);
        }
    }
}
