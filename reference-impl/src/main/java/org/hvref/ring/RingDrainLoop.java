package org.hvref.ring;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * The reader's half of the ring signalling protocol as one reusable loop (vmbus-core.md §6.5, batched mode; spec
 * {@code VmbusRing} reader actions): consume the reader's doorbell ({@link RingReader#beginRead}), read batches until
 * one is empty, raising the writer's signal whenever a batch says so, then {@link RingReader#endRead}, and keep
 * draining while that finds new data. {@link #drain} is one wake-up's work; {@link #awaitAndDrain} first blocks on
 * the doorbell. Not thread-safe: one reader thread, like {@link RingReader}.
 */
public final class RingDrainLoop {
    /** Called after every batch (empty ones included), for statistics and tests. */
    @FunctionalInterface
    public interface BatchListener {
        /**
         * One batch was read and committed (the writer was already signalled if the batch said so).
         *
         * @param batch the batch's result
         */
        void afterBatch(BatchResult batch);
    }

    private static final BatchListener NO_LISTENER = batch -> {
    };

    private final RingReader reader;
    private final Runnable signalWriter;
    private long wakes;
    private long batches;
    private long packets;

    /**
     * A drain loop.
     *
     * @param reader       the ring's reader
     * @param signalWriter raises the writer's signal (its doorbell, or the channel interrupt)
     */
    public RingDrainLoop(RingReader reader, Runnable signalWriter) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.signalWriter = Objects.requireNonNull(signalWriter, "signalWriter");
    }

    /** @return the reader */
    public RingReader reader() {
        return reader;
    }

    /**
     * Drains with a fixed batch size.
     *
     * @param readerBell the doorbell the writer raises
     * @param maxBatch   packets per {@link RingReader#readBatch}, ≥ 1
     * @param handler    receives every packet
     * @return packets read (0 if the doorbell was not raised)
     * @throws RingCorruptedException if the ring is corrupt
     */
    public long drain(RingDoorbell readerBell, int maxBatch, PacketHandler handler) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch: " + maxBatch + " (expected: >= 1)");
        }
        return drain(readerBell, () -> maxBatch, handler, NO_LISTENER);
    }

    /**
     * One wake-up's work: if {@code readerBell} is raised, consumes it and drains the ring until {@link
     * RingReader#endRead} finds it empty; otherwise does nothing.
     *
     * @param readerBell the doorbell the writer raises
     * @param batchSize  packets for each {@link RingReader#readBatch}, ≥ 1 (asked before every batch)
     * @param handler    receives every packet; must not throw (an exception leaves the reader mid-drain)
     * @param listener   called after every batch
     * @return packets read (0 if the doorbell was not raised)
     * @throws RingCorruptedException if the ring is corrupt
     */
    public long drain(RingDoorbell readerBell, IntSupplier batchSize, PacketHandler handler,
                      BatchListener listener) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(listener, "listener");
        if (!reader.beginRead(readerBell)) {
            return 0;
        }
        wakes++;
        long read = 0;
        do {
            BatchResult batch;
            do {
                batch = reader.readBatch(batchSize.getAsInt(), handler);
                if (batch.packets() > 0) {
                    batches++;
                    read += batch.packets();
                }
                if (batch.signalWriter()) {
                    signalWriter.run();
                }
                listener.afterBatch(batch);
            } while (batch.packets() > 0);
        } while (reader.endRead());
        packets += read;
        return read;
    }

    /**
     * Waits until {@code readerBell} is raised, then {@link #drain}s.
     *
     * @param readerBell the doorbell the writer raises
     * @param hangGuard  longest wait for the doorbell: a lost wake-up fails instead of hanging
     * @param batchSize  packets for each batch, ≥ 1
     * @param handler    receives every packet
     * @param listener   called after every batch
     * @return packets read (may be 0 after a spurious or coalesced signal)
     * @throws InterruptedException if interrupted while waiting
     * @throws TimeoutException     if the doorbell was not raised within {@code hangGuard}
     */
    public long awaitAndDrain(RingDoorbell readerBell, Duration hangGuard, IntSupplier batchSize,
                              PacketHandler handler, BatchListener listener)
        throws InterruptedException, TimeoutException {
        if (!readerBell.await(hangGuard.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("ring reader: not signalled within " + hangGuard + " after " + packets
                + " packets (expected: a signal when data arrives; lost wake-up?) " + reader + ", "
                + RingInspector.control(reader.layout()));
        }
        return drain(readerBell, batchSize, handler, listener);
    }

    /** @return how many times the reader woke (consumed its doorbell) */
    public long wakes() {
        return wakes;
    }

    /** @return how many non-empty batches were read */
    public long batches() {
        return batches;
    }

    /** @return packets read in all */
    public long packets() {
        return packets;
    }
}
