package org.hvref.hypervisor;

import static org.hvref.hypervisor.TestPartition.payload;
import static org.hvref.hypervisor.TestPartition.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hvref.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Random interleavings (a {@link DeterministicScheduler} seed drawn by the generator) of host posts and guest consumes:
 * every message arrives exactly once and in FIFO order per SINT, whatever the guest's consuming style and the queue
 * bound. Fixed seeds; {@code -Dhvref.props.seed=N} replaces them, {@code -Dhvref.props.scale=K} multiplies the
 * example counts.
 */
class SynIcProperties {
    private static final int[] SINTS = {2, 5, 9};

    /** How the guest consumes its slot. */
    private enum GuestStyle {
        /** Take every message present on each interrupt (Linux-like: copy, free, EOM if pending, repeat). */
        DRAIN,
        /** Take one message per interrupt. */
        ONE_PER_INTERRUPT,
        /** Copy the message now, free the slot in a later guest task (host posts can run in between). */
        DEFERRED_COMPLETE,
        /** Free the slot now, write EOM in a later guest task (the slot is free but EOM not yet written). */
        DEFERRED_EOM
    }

    private static QuickTheory qt(String property, long defaultSeed, int defaultExamples) {
        long seed = Long.getLong("hvref.props.seed", defaultSeed);
        int examples = Math.max(1, defaultExamples * Integer.getInteger("hvref.props.scale", 1));
        System.out.println(property + ": seed " + seed + ", " + examples + " examples");
        return QuickTheory.qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(500);
    }

    @Test
    void hostPostsArriveExactlyOnceInFifoOrderPerSint() {
        qt("hostPostsArriveExactlyOnceInFifoOrderPerSint", 0x5EED_0001L, 300)
                .forAll(longs().all(), integers().between(1, 120), integers().between(0, 6), integers().between(0, 11))
                .checkAssert((schedulerSeed, count, capacity, shape) ->
                        runHostToGuest(schedulerSeed, count, capacity, GuestStyle.values()[shape % 4], 1 + shape / 4));
    }

    private static void runHostToGuest(long schedulerSeed, int count, int capacity, GuestStyle style, int sintCount) {
        DeterministicScheduler scheduler = DeterministicScheduler.seeded(schedulerSeed);
        TestPartition p = new TestPartition(scheduler, HypervisorConfig.defaults().withSintQueueCapacity(capacity));
        SynIc synic = p.synic;
        Map<Integer, List<Integer>> received = new java.util.HashMap<>();
        boolean[] awaitingCompletion = new boolean[SynIcDescriptor.SINT_COUNT];
        for (int k = 0; k < sintCount; k++) {
            int sint = SINTS[k];
            List<Integer> got = new ArrayList<>();
            received.put(sint, got);
            synic.enableSint(sint, (vp, s) -> consume(scheduler, p.memory, synic, s, style, got, awaitingCompletion));
            postChain(scheduler, p.hv, sint, 0, count);
        }
        scheduler.runUntilIdle(1_000_000);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i);
        }
        for (int k = 0; k < sintCount; k++) {
            int sint = SINTS[k];
            assertEquals(expected, received.get(sint), "sint " + sint + " history " + scheduler.history());
            assertEquals(0, synic.queuedMessages(sint));
            assertEquals(Optional.empty(), synic.readMessage(sint));
        }
    }

    /** Host: post message {@code i} to {@code sint}; on INSUFFICIENT_BUFFERS retry in a later host task. */
    private static void postChain(DeterministicScheduler scheduler, Hypervisor hv, int sint, int i, int count) {
        if (i == count) {
            return;
        }
        scheduler.submit(Side.HOST, "host: post sint " + sint + " #" + i, () -> {
            byte[] body = payload(i, 5 + (i * 7) % 236);
            body[4] = (byte) sint;
            HvStatus status = hv.postToGuest(0, sint, 1, body);
            switch (status) {
                case SUCCESS -> postChain(scheduler, hv, sint, i + 1, count);
                case INSUFFICIENT_BUFFERS -> postChain(scheduler, hv, sint, i, count);
                default -> throw new AssertionError("unexpected status " + status);
            }
        });
    }

    private static void consume(DeterministicScheduler scheduler, GuestMemory memory, SynIc synic, int sint,
            GuestStyle style, List<Integer> got, boolean[] awaitingCompletion) {
        switch (style) {
            case DRAIN -> {
                for (Optional<SynicMessage> m = synic.takeMessage(sint); m.isPresent(); m = synic.takeMessage(sint)) {
                    got.add(check(sint, m.get()));
                }
            }
            case ONE_PER_INTERRUPT -> synic.takeMessage(sint).ifPresent(m -> got.add(check(sint, m)));
            case DEFERRED_COMPLETE -> {
                if (awaitingCompletion[sint]) {
                    return;
                }
                synic.readMessage(sint).ifPresent(m -> {
                    got.add(check(sint, m));
                    awaitingCompletion[sint] = true;
                    scheduler.submit(Side.GUEST, "guest: complete sint " + sint, () -> {
                        synic.completeMessage(sint, m);
                        awaitingCompletion[sint] = false;
                    });
                });
            }
            case DEFERRED_EOM -> synic.readMessage(sint).ifPresent(m -> {
                got.add(check(sint, m));
                long slot = SynIcDescriptor.messageSlot(synic.messagePage().orElseThrow(), sint);
                freeSlotDelayingEom(scheduler, memory, synic, slot, m.messageType());
            });
        }
    }

    private static int check(int sint, SynicMessage m) {
        byte[] body = m.payload();
        int i = seq(body);
        byte[] expected = payload(i, 5 + (i * 7) % 236);
        expected[4] = (byte) sint;
        assertArrayEquals(expected, body, "payload of message " + i + " on sint " + sint);
        return i;
    }

    /** The guest's slot-freeing steps done by hand, so that EOM comes in a later guest task. */
    private static void freeSlotDelayingEom(DeterministicScheduler scheduler, GuestMemory memory, SynIc synic,
            long slot, int type) {
        if (!memory.compareAndSetInt(slot, type, 0)) {
            return;
        }
        if ((memory.getIntVolatile(slot + HvMessageDescriptor.SIZE_FLAGS_WORD_OFFSET)
                & HvMessageDescriptor.WORD_MESSAGE_PENDING) != 0) {
            scheduler.submit(Side.GUEST, "guest: eom", synic::endOfMessage);
        }
    }

    @Test
    void guestPostsArriveExactlyOnceInFifoOrderPerPort() {
        qt("guestPostsArriveExactlyOnceInFifoOrderPerPort", 0x5EED_0002L, 200)
                .forAll(longs().all(), integers().between(1, 150), integers().between(1, 5), integers().between(1, 3))
                .checkAssert((schedulerSeed, count, capacity, portCount) -> {
                    DeterministicScheduler scheduler = DeterministicScheduler.seeded(schedulerSeed);
                    TestPartition p = new TestPartition(scheduler,
                            HypervisorConfig.defaults().withPortQueueCapacity(capacity));
                    Map<Integer, List<Integer>> received = new java.util.HashMap<>();
                    for (int port = 1; port <= portCount; port++) {
                        List<Integer> got = new ArrayList<>();
                        received.put(port, got);
                        p.hv.registerMessagePort(port, (conn, type, body) -> got.add(seq(body)));
                        guestPostChain(scheduler, p.hv, port, 0, count);
                    }
                    scheduler.runUntilIdle(1_000_000);
                    List<Integer> expected = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        expected.add(i);
                    }
                    for (int port = 1; port <= portCount; port++) {
                        assertEquals(expected, received.get(port), "port " + port);
                    }
                });
    }

    private static void guestPostChain(DeterministicScheduler scheduler, Hypervisor hv, int port, int i, int count) {
        if (i == count) {
            return;
        }
        scheduler.submit(Side.GUEST, "guest: post port " + port + " #" + i, () -> {
            HvStatus status = hv.postMessage(port, 1, payload(i, 8));
            switch (status) {
                case SUCCESS -> guestPostChain(scheduler, hv, port, i + 1, count);
                case INSUFFICIENT_BUFFERS -> guestPostChain(scheduler, hv, port, i, count);
                default -> throw new AssertionError("unexpected status " + status);
            }
        });
    }

    @Test
    void everyEventFlagSetIsSeenAfterItsLastWork() {
        qt("everyEventFlagSetIsSeenAfterItsLastWork", 0x5EED_0003L, 200)
                .forAll(longs().all(), integers().between(1, 200), integers().between(1, 2048), integers().between(0, 1))
                .checkAssert((schedulerSeed, signals, flagRange, disableWhileRunning) -> {
                    DeterministicScheduler scheduler = DeterministicScheduler.seeded(schedulerSeed);
                    TestPartition p = new TestPartition(scheduler);
                    int sint = SynIcDescriptor.VMBUS_SINT;
                    int[] work = new int[flagRange];
                    int[] seen = new int[flagRange];
                    p.synic.enableSint(sint, (vp, s) -> {
                        for (int f : p.synic.takeEventFlags(s)) {
                            seen[f] = work[f];
                        }
                    });
                    java.util.Random r = new java.util.Random(schedulerSeed);
                    for (int i = 0; i < signals; i++) {
                        int flag = r.nextInt(flagRange);
                        scheduler.submit(Side.HOST, "host: work flag " + flag, () -> {
                            work[flag]++;
                            p.hv.signalGuest(0, sint, flag);
                        });
                    }
                    if (disableWhileRunning == 1) {
                        // mask the SINT for a while: flags accumulate, the interrupt comes on unmask
                        scheduler.submit(Side.GUEST, "guest: mask", () -> p.synic.disableSint(sint));
                        scheduler.submit(Side.GUEST, "guest: unmask", () -> p.synic.enableSint(sint, (vp, s) -> {
                            for (int f : p.synic.takeEventFlags(s)) {
                                seen[f] = work[f];
                            }
                        }));
                    }
                    scheduler.runUntilIdle(1_000_000);
                    assertArrayEquals(work, seen);
                });
    }

    @Test
    void sameSeedGivesSameHistory() {
        qt("sameSeedGivesSameHistory", 0x5EED_0004L, 50)
                .forAll(longs().all(), integers().between(1, 60))
                .checkAssert((schedulerSeed, count) -> {
                    Map<Side, List<Side>> histories = new EnumMap<>(Side.class);
                    for (Side run : Side.values()) {
                        DeterministicScheduler scheduler = DeterministicScheduler.seeded(schedulerSeed);
                        TestPartition p = new TestPartition(scheduler,
                                HypervisorConfig.defaults().withSintQueueCapacity(2));
                        p.synic.enableSint(2, (vp, s) -> p.synic.takeMessage(s));
                        postChain(scheduler, p.hv, 2, 0, count);
                        scheduler.runUntilIdle(1_000_000);
                        histories.put(run, scheduler.history());
                    }
                    assertEquals(histories.get(Side.HOST), histories.get(Side.GUEST));
                });
    }
}
