package org.hvref.ic.timesync;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcVersion;

/**
 * The host side of time sync (devices-ic-input-video.md §4.1, §4.2 sequence): after each negotiation it sends SYNC
 * first, then whatever {@link #sample}, {@link #sync} or {@link #probe} queue, in the negotiated version's layout. The
 * host time and (4.0) the reference counter are read when the request is built, i.e. just before it is sent. At most
 * one message waits: SYNC replaces a waiting SAMPLE or PROBE, a SAMPLE replaces a waiting PROBE. Thread-safe.
 */
public final class TimeSyncHostService implements IcHostService {
    private static final int NONE = -1;

    private final Clock hostClock;
    private final ReferenceCounter counter;
    private Runnable requestReady = () -> { };
    private boolean ready;
    private TimeSyncLayout layout = TimeSyncLayout.LEGACY;
    private int waiting = NONE;
    private long answered;
    private Integer lastStatus;

    /**
     * Creates the service.
     *
     * @param hostClock the host's UTC clock (at or after 1970)
     * @param counter   the guest partition's reference counter as the host reads it
     */
    public TimeSyncHostService(Clock hostClock, ReferenceCounter counter) {
        this.hostClock = Objects.requireNonNull(hostClock, "hostClock");
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public IcService service() {
        return IcService.TIMESYNC;
    }

    @Override
    public synchronized void bind(Runnable callback) {
        this.requestReady = Objects.requireNonNull(callback, "requestReady");
    }

    /** @return whether it queued a SYNC (false before negotiation) */
    public boolean sync() {
        return queue(TimeSyncFlags.SYNC);
    }

    /** @return whether it queued a SAMPLE (false before negotiation; a waiting SYNC is kept instead) */
    public boolean sample() {
        return queue(TimeSyncFlags.SAMPLE);
    }

    /** @return whether it queued a PROBE (false before negotiation; a waiting SYNC or SAMPLE is kept instead) */
    public boolean probe() {
        return queue(TimeSyncFlags.PROBE);
    }

    private boolean queue(int flags) {
        Runnable callback;
        synchronized (this) {
            if (!ready) {
                return false;
            }
            if (waiting == NONE || rank(flags) > rank(waiting)) {
                waiting = flags;
            }
            callback = requestReady;
        }
        callback.run();
        return true;
    }

    private static int rank(int flags) {
        return flags == TimeSyncFlags.SYNC ? 2 : flags == TimeSyncFlags.SAMPLE ? 1 : 0;
    }

    /** @return the layout of the negotiated message version (LEGACY before negotiation) */
    public synchronized TimeSyncLayout layout() {
        return layout;
    }

    /** @return how many answers arrived */
    public synchronized long answered() {
        return answered;
    }

    /** @return the status of the last answer, if any */
    public synchronized Optional<Integer> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    @Override
    public synchronized Optional<byte[]> nextRequest() {
        if (!ready || waiting == NONE) {
            return Optional.empty();
        }
        int flags = waiting;
        waiting = NONE;
        long parent = TimeSyncMessageCodec.toHostTime(unixNanos(hostClock.instant()));
        TimeSyncMessage message = layout == TimeSyncLayout.REFERENCE
                ? TimeSyncMessage.reference(parent, counter.read(), flags) : TimeSyncMessage.legacy(parent, flags);
        return Optional.of(TimeSyncMessageCodec.encode(message));
    }

    private static long unixNanos(Instant t) {
        if (t.getEpochSecond() < 0) {
            throw new IllegalStateException("host clock: " + t + " (expected: at or after 1970)");
        }
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    @Override
    public synchronized void onResponse(IcHeader header, byte[] payload) {
        answered++;
        lastStatus = header.status();
    }

    /** Selects the layout and queues the SYNC that comes first after every open (ic §4.2). */
    @Override
    public synchronized void onNegotiated(IcVersion framework, IcVersion message) {
        ready = true;
        layout = TimeSyncLayout.forVersion(message);
        waiting = TimeSyncFlags.SYNC;
    }

    @Override
    public synchronized void onChannelLost(String why) {
        ready = false;
        waiting = NONE;
    }

    @Override
    public synchronized String toString() {
        return "TimeSyncHostService[ready=" + ready + ", " + layout + ", answered=" + answered + "]";
    }
}
