package org.hvref.ring;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The writer's half of the ring signalling protocol as one reusable loop (vmbus-core.md §6.4; spec {@code VmbusRing}
 * writer actions): write; on {@link WriteStatus#WRITTEN_SIGNAL} signal the reader; on {@link WriteStatus#FULL}, with
 * feat_pending_send_sz, store pending_send_sz and re-check ({@link RingWriter#requestSpace}), and if the packet still
 * does not fit sleep until the reader raises the writer's doorbell, {@link RingWriter#wake} and retry; without the
 * feature bit the reader never signals free space, so the writer can only retry (poll).
 *
 * <p>{@link #attempt} is the non-blocking step, for callers that wait asynchronously (a channel endpoint woken by its
 * interrupt); {@link #send} blocks the calling thread on a doorbell, never spinning while the writer sleeps. Not
 * thread-safe: one writer thread, like {@link RingWriter}.
 */
public final class RingSendLoop {
    /** One write attempt on the writer (any of the {@code tryWrite} variants). */
    @FunctionalInterface
    public interface Write {
        /**
         * Writes the packet once.
         *
         * @param writer the writer
         * @return the outcome
         */
        WriteStatus tryWrite(RingWriter writer);
    }

    /** Hooks at the loop's decision points, for statistics and tests; each does nothing by default. */
    public interface Listener {
        /** The write returned {@link WriteStatus#FULL}. */
        default void onFull() {
        }

        /** The writer is about to sleep on its doorbell (pending_send_sz set, still no room). */
        default void onSleep() {
        }

        /** The writer consumed its doorbell and woke ({@link RingWriter#wake}). */
        default void onWake() {
        }
    }

    private static final Listener NO_LISTENER = new Listener() {
    };

    private final RingWriter writer;
    private final Runnable signalReader;
    private final Listener listener;
    private long fullCount;
    private long sleeps;
    private long wakes;

    /**
     * A loop without a listener.
     *
     * @param writer       the ring's writer
     * @param signalReader raises the reader's signal (its doorbell, or the channel interrupt)
     */
    public RingSendLoop(RingWriter writer, Runnable signalReader) {
        this(writer, signalReader, NO_LISTENER);
    }

    /**
     * A loop with a listener.
     *
     * @param writer       the ring's writer
     * @param signalReader raises the reader's signal (its doorbell, or the channel interrupt)
     * @param listener     hooks called at the loop's decision points
     */
    public RingSendLoop(RingWriter writer, Runnable signalReader, Listener listener) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.signalReader = Objects.requireNonNull(signalReader, "signalReader");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** @return the writer */
    public RingWriter writer() {
        return writer;
    }

    /**
     * One non-blocking step: writes the packet (signalling the reader if the ring says so) and returns {@code true};
     * or, if it does not fit, leaves the writer {@link RingWriter.State#SLEEPING} (with the feature bit: wait for the
     * writer's doorbell, then {@link #resume}) or {@link RingWriter.State#FULL} (without it: retry later) and returns
     * {@code false}.
     *
     * @param write      the write
     * @param ringLength ring bytes of the packet (its {@code len8 * 8 + 8}), the pending_send_sz to ask for
     * @return whether the packet was written
     * @throws IllegalStateException  if the writer sleeps (call {@link #resume} first)
     * @throws RingCorruptedException if the reader's control fields are corrupt
     */
    public boolean attempt(Write write, int ringLength) {
        if (writer.state() == RingWriter.State.SLEEPING) {
            throw new IllegalStateException("ring writer state: SLEEPING (expected: READY or FULL; resume() first)");
        }
        while (true) {
            WriteStatus status = write.tryWrite(writer);
            if (status.written()) {
                if (status.signal()) {
                    signalReader.run();
                }
                return true;
            }
            fullCount++;
            listener.onFull();
            if (!writer.featurePendingSend()) {
                return false;
            }
            if (writer.requestSpace(ringLength)) {
                continue;
            }
            sleeps++;
            listener.onSleep();
            return false;
        }
    }

    /**
     * After the writer's doorbell may have been raised: a sleeping writer consumes it and wakes (WriterWake). A writer
     * that is not sleeping (e.g. FULL without the feature bit) may always retry.
     *
     * @param writerBell the doorbell the reader raises when it frees the space asked for
     * @return whether the writer may retry {@link #attempt}
     */
    public boolean resume(RingDoorbell writerBell) {
        if (writer.state() != RingWriter.State.SLEEPING) {
            return true;
        }
        if (!writer.wake(writerBell)) {
            return false;
        }
        wakes++;
        listener.onWake();
        return true;
    }

    /**
     * Writes the packet, blocking while the ring is full: sleeps on {@code writerBell} (with the feature bit) or
     * yields and retries (without it). Interruptible.
     *
     * @param write      the write
     * @param ringLength ring bytes of the packet, the pending_send_sz to ask for
     * @param writerBell the doorbell the reader raises when it frees the space asked for
     * @param hangGuard  longest time to wait in all: a lost wake-up fails instead of hanging
     * @throws InterruptedException if interrupted while waiting
     * @throws TimeoutException     if the packet was not written within {@code hangGuard}
     */
    public void send(Write write, int ringLength, RingDoorbell writerBell, Duration hangGuard)
        throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + hangGuard.toNanos();
        while (!attempt(write, ringLength)) {
            do {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timeout(hangGuard);
                }
                if (writer.state() == RingWriter.State.SLEEPING) {
                    if (!writerBell.await(left, TimeUnit.NANOSECONDS)) {
                        throw timeout(hangGuard);
                    }
                } else {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("ring writer polling a full ring");
                    }
                    Thread.yield();
                }
            } while (!resume(writerBell));
        }
    }

    private TimeoutException timeout(Duration hangGuard) {
        return new TimeoutException("ring writer: not woken within " + hangGuard + " (expected: a signal once the "
            + "reader frees the space asked for; lost wake-up?) " + writer + ", " + RingInspector.control(
            writer.layout()));
    }

    /** @return how many writes returned FULL */
    public long fullCount() {
        return fullCount;
    }

    /** @return how many times the writer went to sleep */
    public long sleeps() {
        return sleeps;
    }

    /** @return how many times the writer woke from sleep */
    public long wakes() {
        return wakes;
    }
}
