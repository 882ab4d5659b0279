package org.hvref.hypervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A {@link Scheduler} under the test's control: nothing runs until the test steps a side, so any interleaving of host
 * and guest can be forced and replayed.
 *
 * <p>{@link #step(Side)} runs the oldest queued task of that side on the calling thread. {@link #step()} lets the
 * policy choose the side: a seeded {@link Random} ({@link #seeded(long)}) that draws only when both sides have work,
 * or a scripted list of sides ({@link #scripted(List)}) followed by the seeded policy once the script is used up.
 * {@link #history()} lists every side stepped; {@link #replay(List)} of that history reproduces the run exactly
 * (given the same code), as does {@link #seeded(long)} with the same seed.
 *
 * <p>An exception thrown by a task propagates out of the {@code step} call that ran it (the task counts as run).
 * Not thread-safe beyond {@link #submit}, which may be called from any thread; step from one thread only.
 */
public final class DeterministicScheduler implements Scheduler {
    /** Default bound of {@link #runUntilIdle()}: more steps than this without becoming idle is treated as livelock. */
    public static final int DEFAULT_MAX_STEPS = 1_000_000;

    private record Task(String label, Runnable body) {
    }

    private final Map<Side, ArrayDeque<Task>> queues = new EnumMap<>(Side.class);
    private final List<Side> history = new ArrayList<>();
    private final List<Side> script;
    private final long seed;
    private final Random random;
    private int scriptPosition;

    private DeterministicScheduler(long seed, List<Side> script) {
        this.seed = seed;
        this.random = new Random(seed);
        this.script = List.copyOf(script);
        for (Side side : Side.values()) {
            queues.put(side, new ArrayDeque<>());
        }
    }

    /**
     * @param seed seed of the side-choosing {@link Random}
     * @return a scheduler whose {@link #step()} chooses sides pseudo-randomly from {@code seed}
     */
    public static DeterministicScheduler seeded(long seed) {
        return new DeterministicScheduler(seed, List.of());
    }

    /**
     * @param script the sides {@link #step()} takes, in order; afterwards it chooses as {@link #seeded seeded(0)}
     * @return a scheduler following the script
     */
    public static DeterministicScheduler scripted(List<Side> script) {
        return new DeterministicScheduler(0, Objects.requireNonNull(script, "script"));
    }

    /**
     * @param history a {@link #history()} of an earlier run
     * @return a scheduler whose {@link #step()} retakes exactly those sides, reproducing that run
     */
    public static DeterministicScheduler replay(List<Side> history) {
        return scripted(history);
    }

    /** @return the seed of the random policy */
    public long seed() {
        return seed;
    }

    @Override
    public void submit(Side side, String label, Runnable task) {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(task, "task");
        synchronized (queues) {
            queues.get(side).addLast(new Task(label, task));
        }
    }

    /**
     * Runs the oldest queued task of {@code side}.
     *
     * @param side the side to step
     * @return false if that side had nothing queued (nothing ran, nothing recorded)
     */
    public boolean step(Side side) {
        Task task;
        synchronized (queues) {
            task = queues.get(side).pollFirst();
        }
        if (task == null) {
            return false;
        }
        history.add(side);
        task.body().run();
        return true;
    }

    /**
     * Runs one task of the side the policy chooses.
     *
     * @return false if both sides are idle
     * @throws IllegalStateException if the script names a side that has nothing queued
     */
    public boolean step() {
        Side side = choose();
        return side != null && step(side);
    }

    private Side choose() {
        boolean host = hasPending(Side.HOST);
        boolean guest = hasPending(Side.GUEST);
        if (!host && !guest) {
            return null;
        }
        if (scriptPosition < script.size()) {
            Side side = script.get(scriptPosition);
            if (!hasPending(side)) {
                throw new IllegalStateException("scripted side " + side + " has no queued task at script step "
                        + scriptPosition + " (pending: host=" + pending(Side.HOST) + ", guest="
                        + pending(Side.GUEST) + ")");
            }
            scriptPosition++;
            return side;
        }
        if (host && guest) {
            return random.nextBoolean() ? Side.HOST : Side.GUEST;
        }
        return host ? Side.HOST : Side.GUEST;
    }

    private boolean hasPending(Side side) {
        synchronized (queues) {
            return !queues.get(side).isEmpty();
        }
    }

    /**
     * Steps until both sides are idle, at most {@link #DEFAULT_MAX_STEPS} steps.
     *
     * @return the number of steps taken
     * @throws IllegalStateException if still busy after the bound (livelock)
     */
    public int runUntilIdle() {
        return runUntilIdle(DEFAULT_MAX_STEPS);
    }

    /**
     * Steps until both sides are idle.
     *
     * @param maxSteps the most steps to take
     * @return the number of steps taken
     * @throws IllegalStateException if still busy after {@code maxSteps} steps (livelock)
     */
    public int runUntilIdle(int maxSteps) {
        return runUntil(this::idle, maxSteps);
    }

    /**
     * Steps until {@code condition} holds (checked before every step).
     *
     * @param condition the condition to reach
     * @param maxSteps  the most steps to take
     * @return the number of steps taken
     * @throws IllegalStateException if both sides become idle before the condition holds, or after {@code maxSteps}
     */
    public int runUntil(BooleanSupplier condition, int maxSteps) {
        int steps = 0;
        while (!condition.getAsBoolean()) {
            if (steps >= maxSteps) {
                throw new IllegalStateException("livelock: still busy after " + maxSteps + " steps (pending: host="
                        + pending(Side.HOST) + ", guest=" + pending(Side.GUEST) + ")");
            }
            if (!step()) {
                throw new IllegalStateException("idle before the condition held, after " + steps + " steps");
            }
            steps++;
        }
        return steps;
    }

    /** @return whether neither side has a queued task */
    public boolean idle() {
        synchronized (queues) {
            return queues.get(Side.HOST).isEmpty() && queues.get(Side.GUEST).isEmpty();
        }
    }

    /**
     * @param side a side
     * @return the labels of that side's queued tasks, oldest first
     */
    public List<String> pending(Side side) {
        synchronized (queues) {
            return queues.get(side).stream().map(Task::label).toList();
        }
    }

    /** @return every side stepped so far, in order (feed it to {@link #replay(List)}) */
    public List<Side> history() {
        return List.copyOf(history);
    }

    @Override
    public String toString() {
        return "DeterministicScheduler[seed=" + seed + ", steps=" + history.size() + ", pending host="
                + pending(Side.HOST).size() + " guest=" + pending(Side.GUEST).size() + "]";
    }
}
