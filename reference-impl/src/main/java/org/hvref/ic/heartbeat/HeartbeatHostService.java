package org.hvref.ic.heartbeat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;

/**
 * The host's heartbeat provider (devices-ic-input-video.md §2): each {@link #tick()} (the caller's timer, ~2 s on
 * Hyper-V) queues a heartbeat with sequence N; the answer must carry N + 1, and the next heartbeat carries N + 2 (the
 * number is "incremented twice per cycle, once by the guest and once by Hyper-V", ic §2 MHV).
 *
 * <p>A tick while the previous heartbeat is still unanswered, an answer with the wrong sequence and a refused answer
 * (status not S_OK) each count as a missed heartbeat ({@link HeartbeatListener#onMissed}); after {@code missLimit}
 * consecutive misses the guest is unresponsive ({@link HeartbeatListener#onUnresponsive}) until a good round. A tick
 * that finds its heartbeat unanswered queues no new one: the channel keeps one request outstanding (ic §1.7). Time
 * comes from an injectable clock and is only reported, never waited on.
 */
public final class HeartbeatHostService implements IcHostService {
    /** Default consecutive misses before the guest counts as unresponsive. */
    public static final int DEFAULT_MISS_LIMIT = 3;

    private final LongSupplier clock;
    private final int missLimit;
    private final HeartbeatListener listener;
    private volatile Runnable requestReady = () -> { };

    // guarded by this
    private long nextSequence;
    private long current = -1;
    private boolean queued;
    private boolean outstanding;
    private long sentAt;
    private boolean negotiated;
    private boolean lost;
    private long ticks;
    private long rounds;
    private long missed;
    private int consecutiveMisses;
    private boolean unresponsive;
    private IcVersion messageVersion;

    /** A service starting at sequence 0, miss limit {@value #DEFAULT_MISS_LIMIT}, the system clock, no listener. */
    public HeartbeatHostService() {
        this(0, DEFAULT_MISS_LIMIT, System::nanoTime, HeartbeatListener.NONE);
    }

    /**
     * A service.
     *
     * @param firstSequence the sequence number of the first heartbeat
     * @param missLimit     consecutive misses that make the guest unresponsive, ≥ 1
     * @param clock         the host clock, nanoseconds
     * @param listener      told about rounds and misses
     */
    public HeartbeatHostService(long firstSequence, int missLimit, LongSupplier clock, HeartbeatListener listener) {
        if (missLimit < 1) {
            throw new IllegalArgumentException("miss limit: " + missLimit + " (expected: >= 1)");
        }
        this.nextSequence = firstSequence;
        this.missLimit = missLimit;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public IcService service() {
        return IcService.HEARTBEAT;
    }

    @Override
    public void bind(Runnable ready) {
        this.requestReady = Objects.requireNonNull(ready, "ready");
    }

    /**
     * The heartbeat timer fired: detects a miss if the last heartbeat is unanswered, else queues the next one and
     * tells the channel.
     *
     * @return whether a new heartbeat was queued
     */
    public boolean tick() {
        boolean queuedNow;
        synchronized (this) {
            ticks++;
            if (lost) {
                return false;
            }
            if (queued || outstanding) {
                miss(HeartbeatMiss.Reason.UNANSWERED);
                queuedNow = false;
            } else {
                current = nextSequence;
                nextSequence += 2;
                queued = true;
                queuedNow = true;
            }
        }
        if (queuedNow) {
            requestReady.run(); // outside the lock: the channel calls nextRequest under its own lock
        }
        return queuedNow;
    }

    @Override
    public synchronized Optional<byte[]> nextRequest() {
        if (!queued || lost) {
            return Optional.empty();
        }
        queued = false;
        outstanding = true;
        sentAt = clock.getAsLong();
        ByteBuffer b = ByteBuffer.allocate(HeartbeatDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(HeartbeatDescriptor.SEQUENCE_OFFSET, current);
        return Optional.of(b.array());
    }

    @Override
    public synchronized void onResponse(IcHeader header, byte[] payload) {
        if (!outstanding) {
            return; // an answer after the channel was given up on: nothing to match
        }
        outstanding = false;
        if (header.status() != IcStatus.S_OK) {
            miss(HeartbeatMiss.Reason.REFUSED);
            return;
        }
        if (payload.length < HeartbeatDescriptor.MIN_LENGTH || ByteBuffer.wrap(payload)
                .order(ByteOrder.LITTLE_ENDIAN).getLong(HeartbeatDescriptor.SEQUENCE_OFFSET) != current + 1) {
            miss(HeartbeatMiss.Reason.WRONG_SEQUENCE);
            return;
        }
        rounds++;
        consecutiveMisses = 0;
        unresponsive = false;
        listener.onRound(current, clock.getAsLong() - sentAt);
    }

    private void miss(HeartbeatMiss.Reason reason) {
        missed++;
        consecutiveMisses++;
        listener.onMissed(new HeartbeatMiss(current, reason, consecutiveMisses, clock.getAsLong()));
        if (consecutiveMisses >= missLimit && !unresponsive) {
            unresponsive = true;
            listener.onUnresponsive(consecutiveMisses);
        }
    }

    @Override
    public synchronized void onNegotiated(IcVersion framework, IcVersion message) {
        negotiated = true;
        messageVersion = message;
    }

    @Override
    public synchronized void onChannelLost(String why) {
        if (!lost) {
            lost = true;
            queued = false;
            outstanding = false;
            listener.onChannelLost(why);
        }
    }

    /** @return whether the negotiation succeeded */
    public synchronized boolean negotiated() {
        return negotiated;
    }

    /** @return the negotiated heartbeat message version, or {@code null} */
    public synchronized IcVersion messageVersion() {
        return messageVersion;
    }

    /** @return whether the channel was lost */
    public synchronized boolean isLost() {
        return lost;
    }

    /** @return ticks so far */
    public synchronized long ticks() {
        return ticks;
    }

    /** @return rounds answered correctly */
    public synchronized long rounds() {
        return rounds;
    }

    /** @return heartbeats missed in all */
    public synchronized long missed() {
        return missed;
    }

    /** @return heartbeats missed in a row */
    public synchronized int consecutiveMisses() {
        return consecutiveMisses;
    }

    /** @return whether the guest missed at least the limit in a row and has not answered since */
    public synchronized boolean isUnresponsive() {
        return unresponsive;
    }

    /** @return the sequence number of the last heartbeat queued, or -1 */
    public synchronized long lastSequence() {
        return current;
    }

    /** @return whether a heartbeat is sent and unanswered */
    public synchronized boolean awaitingAnswer() {
        return outstanding;
    }

    @Override
    public synchronized String toString() {
        return "HeartbeatHostService[seq=" + current + ", rounds=" + rounds + ", missed=" + missed
                + (unresponsive ? ", unresponsive" : "") + (lost ? ", lost" : "") + "]";
    }
}
