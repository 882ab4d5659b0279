package org.hvref.hypervisor;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} that runs each side on its own daemon thread ({@code hvref-host}, {@code hvref-guest}), for
 * stress tests and benchmarks.
 *
 * <p>A task that throws does not stop its side: the failure is recorded and rethrown (as {@link TaskFailedException})
 * from the next {@link #awaitIdle} or from {@link #close()}, so none is lost. {@link #close()} stops both threads;
 * tasks still queued are dropped and later submissions are refused with {@link IllegalStateException}.
 */
public final class ConcurrentScheduler implements Scheduler, AutoCloseable {
    private record Task(String label, Runnable body) {
    }

    private static final Task POISON = new Task("stop", () -> { });

    private final Map<Side, LinkedBlockingQueue<Task>> queues = new EnumMap<>(Side.class);
    private final Map<Side, Thread> threads = new EnumMap<>(Side.class);
    private final Object idleLock = new Object();
    /** Tasks submitted but not yet finished; guarded by {@link #idleLock}. */
    private long outstanding;
    /** First task failure, others suppressed on it; guarded by {@link #idleLock}. */
    private TaskFailedException failure;
    private volatile boolean closed;

    /** Creates the scheduler and starts its two threads. */
    public ConcurrentScheduler() {
        for (Side side : Side.values()) {
            LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
            queues.put(side, queue);
            Thread thread = new Thread(() -> runLoop(side, queue), "hvref-" + side.name().toLowerCase());
            thread.setDaemon(true);
            threads.put(side, thread);
        }
        threads.values().forEach(Thread::start);
    }

    @Override
    public void submit(Side side, String label, Runnable task) {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(task, "task");
        synchronized (idleLock) {
            if (closed) {
                throw new IllegalStateException("scheduler closed: cannot submit " + side + " \"" + label + "\"");
            }
            outstanding++;
        }
        queues.get(side).add(new Task(label, task));
    }

    private void runLoop(Side side, LinkedBlockingQueue<Task> queue) {
        while (true) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == POISON) {
                return;
            }
            try {
                task.body().run();
            } catch (Throwable t) {
                recordFailure(new TaskFailedException(side, task.label(), t));
            } finally {
                synchronized (idleLock) {
                    outstanding--;
                    idleLock.notifyAll();
                }
            }
        }
    }

    private void recordFailure(TaskFailedException e) {
        synchronized (idleLock) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
            idleLock.notifyAll();
        }
    }

    /**
     * Waits until no task is queued or running on either side, or a task has failed.
     *
     * @param timeout how long to wait at most (a hang guard, not a timing assertion)
     * @return true if idle, false on timeout
     * @throws TaskFailedException if a task has thrown (the first failure; later ones suppressed)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idleLock) {
            while (failure == null && outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleLock, left);
            }
            if (failure != null) {
                throw failure;
            }
            return true;
        }
    }

    /** @return the number of tasks submitted and not yet finished */
    public long outstanding() {
        synchronized (idleLock) {
            return outstanding;
        }
    }

    /**
     * Stops both threads (after their current task; queued tasks are dropped) and rethrows a recorded failure.
     *
     * @throws TaskFailedException if any task has thrown
     */
    @Override
    public void close() {
        synchronized (idleLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Side side : Side.values()) {
            queues.get(side).clear();
            queues.get(side).add(POISON);
        }
        boolean interrupted = false;
        for (Thread thread : threads.values()) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (idleLock) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public String toString() {
        return "ConcurrentScheduler[outstanding=" + outstanding() + (closed ? ", closed" : "") + "]";
    }
}
