package org.hvref.hypervisor;

/**
 * Runs the work of each {@link Side} on that side's single logical thread.
 *
 * <p>Contract: tasks submitted for one side run one at a time, in submission (FIFO) order, never concurrently with
 * each other; tasks of different sides may interleave arbitrarily ({@link DeterministicScheduler} lets a test choose
 * the interleaving, {@link ConcurrentScheduler} runs the sides on two threads). {@code submit} may be called from any
 * thread, including from inside a task of either side.
 */
public interface Scheduler {
    /**
     * Queues {@code task} to run on {@code side}'s logical thread after every task queued before it for that side.
     *
     * @param side  the side whose thread runs the task
     * @param label a short description shown by {@link DeterministicScheduler#pending(Side)} and in failures, e.g.
     *              {@code "host: port 1 message"}
     * @param task  the work
     */
    void submit(Side side, String label, Runnable task);
}
