package org.hvref.ring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A coalescing binary event standing for a VMBus signal (the spec's {@code sigR} / {@code sigW}): {@link #raise()}
 * sets it (raising a raised doorbell changes nothing), {@link #await} waits until it is set without consuming it,
 * and {@link #tryConsume()} clears it; the ring consumes it inside its traced step
 * ({@link RingReader#beginRead}, {@link RingWriter#wake}). Thread-safe.
 */
public final class RingDoorbell {
    private final AtomicBoolean raised = new AtomicBoolean();
    private final AtomicInteger waiters = new AtomicInteger();
    private final AtomicLong raises = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition set = lock.newCondition();

    /** Sets the event and wakes any thread in {@link #await}. */
    public void raise() {
        raises.incrementAndGet();
        raised.set(true);
        if (waiters.get() > 0) {
            lock.lock();
            try {
                set.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** @return whether the event is set and clears it, atomically */
    public boolean tryConsume() {
        return raised.get() && raised.getAndSet(false);
    }

    /** @return whether the event is set (without consuming it) */
    public boolean isRaised() {
        return raised.get();
    }

    /** @return how many times {@link #raise()} was called (coalesced raises included) */
    public long raiseCount() {
        return raises.get();
    }

    /**
     * Waits until the event is set, without consuming it.
     *
     * @param timeout longest wait
     * @param unit    unit of {@code timeout}
     * @return whether the event is set (false: timed out)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (raised.get()) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            waiters.incrementAndGet();
            try {
                while (!raised.get()) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = set.awaitNanos(nanos);
                }
                return true;
            } finally {
                waiters.decrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "RingDoorbell[raised=" + raised.get() + ", raises=" + raises.get() + "]";
    }
}
