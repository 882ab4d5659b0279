package org.hvref.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeterministicSchedulerTest {
    /**
     * A workload whose log depends on the interleaving: each side runs a chain of tasks, and every task appends the
     * other side's progress as it sees it.
     */
    private static List<String> runWorkload(DeterministicScheduler s) {
        List<String> log = new ArrayList<>();
        int[] progress = new int[2];
        for (Side side : Side.values()) {
            chain(s, side, 0, progress, log);
        }
        s.runUntilIdle();
        return log;
    }

    private static void chain(DeterministicScheduler s, Side side, int i, int[] progress, List<String> log) {
        if (i == 20) {
            return;
        }
        s.submit(side, side + " " + i, () -> {
            progress[side.ordinal()] = i;
            log.add(side.name() + i + "/" + progress[side.other().ordinal()]);
            chain(s, side, i + 1, progress, log);
        });
    }

    @Test
    void shouldReproduceTheSameInterleavingFromTheSameSeed() {
        DeterministicScheduler a = DeterministicScheduler.seeded(42);
        DeterministicScheduler b = DeterministicScheduler.seeded(42);
        assertEquals(runWorkload(a), runWorkload(b));
        assertEquals(a.history(), b.history());
        assertEquals(40, a.history().size());
        assertEquals(42, a.seed());
    }

    @Test
    void shouldExploreDifferentInterleavingsWithDifferentSeeds() {
        Set<List<Side>> histories = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            DeterministicScheduler s = DeterministicScheduler.seeded(seed);
            runWorkload(s);
            histories.add(s.history());
        }
        assertTrue(histories.size() > 10, "distinct interleavings: " + histories.size());
    }

    @Test
    void shouldReplayARecordedHistory() {
        DeterministicScheduler original = DeterministicScheduler.seeded(7);
        List<String> log = runWorkload(original);
        DeterministicScheduler replay = DeterministicScheduler.replay(original.history());
        assertEquals(log, runWorkload(replay));
        assertEquals(original.history(), replay.history());
    }

    @Test
    void shouldFollowAScriptedInterleaving() {
        DeterministicScheduler s = DeterministicScheduler.scripted(List.of(Side.GUEST, Side.HOST, Side.GUEST));
        List<String> log = new ArrayList<>();
        s.submit(Side.HOST, "h1", () -> log.add("h1"));
        s.submit(Side.HOST, "h2", () -> log.add("h2"));
        s.submit(Side.GUEST, "g1", () -> log.add("g1"));
        s.submit(Side.GUEST, "g2", () -> log.add("g2"));
        assertTrue(s.step());
        assertTrue(s.step());
        assertTrue(s.step());
        assertEquals(List.of("g1", "h1", "g2"), log);
        assertTrue(s.step(), "after the script the seeded policy continues");
        assertEquals(List.of("g1", "h1", "g2", "h2"), log);
        assertFalse(s.step());
    }

    @Test
    void shouldRefuseAScriptedSideWithNothingQueued() {
        DeterministicScheduler s = DeterministicScheduler.scripted(List.of(Side.GUEST));
        s.submit(Side.HOST, "host: rescind", () -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertTrue(e.getMessage().contains("host: rescind"), e.getMessage());
        assertEquals(List.of("host: rescind"), s.pending(Side.HOST));
    }

    @Test
    void shouldRunEachSideInFifoOrderAndListPendingLabels() {
        DeterministicScheduler s = DeterministicScheduler.seeded(3);
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            s.submit(Side.HOST, "host " + n, () -> log.add("host " + n));
        }
        assertEquals(List.of("host 0", "host 1", "host 2", "host 3", "host 4"), s.pending(Side.HOST));
        assertEquals(List.of(), s.pending(Side.GUEST));
        assertFalse(s.step(Side.GUEST));
        assertTrue(s.step(Side.HOST));
        assertEquals(List.of("host 1", "host 2", "host 3", "host 4"), s.pending(Side.HOST));
        assertEquals(4, s.runUntilIdle());
        assertEquals(List.of("host 0", "host 1", "host 2", "host 3", "host 4"), log);
        assertTrue(s.idle());
        assertEquals(List.of(Side.HOST, Side.HOST, Side.HOST, Side.HOST, Side.HOST), s.history());
    }

    @Test
    void shouldStopALivelockAtTheStepBound() {
        DeterministicScheduler s = DeterministicScheduler.seeded(0);
        Runnable[] forever = new Runnable[1];
        forever[0] = () -> s.submit(Side.GUEST, "guest: spin", forever[0]);
        s.submit(Side.GUEST, "guest: spin", forever[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.runUntilIdle(100));
        assertTrue(e.getMessage().startsWith("livelock: still busy after 100 steps"), e.getMessage());
        assertEquals(100, s.history().size());
    }

    @Test
    void shouldRunUntilAConditionHolds() {
        DeterministicScheduler s = DeterministicScheduler.seeded(5);
        List<String> log = new ArrayList<>();
        s.submit(Side.HOST, "a", () -> log.add("a"));
        s.submit(Side.HOST, "b", () -> log.add("b"));
        assertEquals(1, s.runUntil(() -> log.contains("a"), 10));
        assertEquals(List.of("b"), s.pending(Side.HOST));
        assertThrows(IllegalStateException.class, () -> s.runUntil(() -> log.contains("never"), 10),
                "idle before the condition");
    }

    @Test
    void shouldPropagateTaskExceptionsFromStep() {
        DeterministicScheduler s = DeterministicScheduler.seeded(0);
        IllegalStateException boom = new IllegalStateException("boom");
        s.submit(Side.HOST, "fails", () -> {
            throw boom;
        });
        s.submit(Side.HOST, "next", () -> { });
        assertSame(boom, assertThrows(IllegalStateException.class, () -> s.step(Side.HOST)));
        assertEquals(List.of("next"), s.pending(Side.HOST), "the failed task counts as run");
        assertNotEquals(List.of(), s.history());
    }
}
