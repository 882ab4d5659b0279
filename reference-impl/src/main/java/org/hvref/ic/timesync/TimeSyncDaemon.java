package org.hvref.ic.timesync;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;

/**
 * The guest's time-sync service, like MacHyperVSupport's kext + hvtimesyncd (devices-ic-input-video.md §4.2, §11.3):
 * host time = parenttime (+ reference counter now − vmreferencetime for the 4.0 layout); SYNC steps the clock to it,
 * SAMPLE only if it differs from the guest clock by more than the threshold (default 500 ms, MHV
 * kHyperVTimeSyncDiffThreshold), PROBE does nothing. The answer echoes the payload with S_OK; the clock is stepped
 * afterwards in {@link #onRequest}, to the host time plus the reference-counter time that passed since the answer.
 *
 * <p>Refused (E_FAIL through a {@link MalformedTimeSyncMessageException}; the clock is never touched): a payload
 * shorter than the header version's layout, unknown flag bits, a SYNC/SAMPLE whose parenttime is before 1970 or
 * beyond 64-bit nanoseconds, a vmreferencetime ahead of the counter or older than the allowed age (default 600 s, the
 * age after which Linux calls a sample stale, ic §4.2). If answers overtake their {@code onRequest} calls, the newest
 * accepted sample wins.
 */
public final class TimeSyncDaemon implements IcRequestConsumer {
    /** SAMPLE step threshold of MacHyperVSupport: 500 ms (ic §4.2; MHV kHyperVTimeSyncDiffThreshold; §11.3). */
    public static final Duration MHV_SAMPLE_THRESHOLD = Duration.ofMillis(500);
    /** Oldest accepted vmreferencetime: 600 s (ic §4.2: Linux PTP reads of older samples return -ESTALE). */
    public static final Duration DEFAULT_MAX_REFERENCE_AGE = Duration.ofSeconds(600);

    private final GuestClock clock;
    private final ReferenceCounter counter;
    private final long thresholdNanos;
    private final long maxAgeUnits;
    private final AtomicReference<Step> pending = new AtomicReference<>();

    private record Step(long hostNanos, long counterAtAnswer) {
    }

    /**
     * A daemon with the MHV threshold and the default reference age.
     *
     * @param clock   the guest clock
     * @param counter the partition reference counter
     */
    public TimeSyncDaemon(GuestClock clock, ReferenceCounter counter) {
        this(clock, counter, MHV_SAMPLE_THRESHOLD, DEFAULT_MAX_REFERENCE_AGE);
    }

    /**
     * Creates a daemon.
     *
     * @param clock           the guest clock
     * @param counter         the partition reference counter
     * @param sampleThreshold a SAMPLE steps only if |host − guest| exceeds this (not negative; FreeBSD uses 100 ms)
     * @param maxReferenceAge the oldest accepted vmreferencetime (positive, at most 10^9 s)
     */
    public TimeSyncDaemon(GuestClock clock, ReferenceCounter counter, Duration sampleThreshold,
                          Duration maxReferenceAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counter = Objects.requireNonNull(counter, "counter");
        if (sampleThreshold.isNegative()) {
            throw new IllegalArgumentException("sample threshold: " + sampleThreshold + " (expected: >= 0)");
        }
        if (maxReferenceAge.isNegative() || maxReferenceAge.isZero()
                || maxReferenceAge.compareTo(Duration.ofSeconds(1_000_000_000L)) > 0) {
            throw new IllegalArgumentException("max reference age: " + maxReferenceAge
                    + " (expected: > 0 and <= 10^9 s)");
        }
        this.thresholdNanos = sampleThreshold.toNanos();
        this.maxAgeUnits = maxReferenceAge.toNanos() / TimeSyncMessageCodec.NANOS_PER_UNIT;
    }

    /**
     * Decides the answer (the payload is echoed unchanged) and what {@link #onRequest} will do.
     *
     * @throws MalformedTimeSyncMessageException if the payload is refused
     */
    @Override
    public int answer(IcHeader header, ByteBuffer answerPayload) {
        pending.set(null);
        TimeSyncMessage message = TimeSyncMessageCodec.decode(TimeSyncLayout.forVersion(header.messageVersion()),
                answerPayload);
        boolean sync = (message.flags() & TimeSyncFlags.SYNC) != 0; // SYNC wins over SAMPLE (L-util order)
        boolean sample = (message.flags() & TimeSyncFlags.SAMPLE) != 0;
        if (!sync && !sample) {
            return IcStatus.S_OK; // PROBE: nothing to do (ic §4.2)
        }
        long now = counter.read();
        long hostNanos = hostNanos(message, now);
        if (sync || differsBeyondThreshold(hostNanos, clock.nowNanos())) {
            pending.set(new Step(hostNanos, now));
        }
        return IcStatus.S_OK;
    }

    private long hostNanos(TimeSyncMessage message, long now) {
        long base = TimeSyncMessageCodec.toUnixNanos(message.parentTime());
        if (message.layout() == TimeSyncLayout.LEGACY) {
            return base; // no reference time: the sample is taken as "now" (ic §4.2 Linux)
        }
        long ref = message.vmReferenceTime();
        if (ref < 0 || ref > now || now - ref > maxAgeUnits) {
            throw new MalformedTimeSyncMessageException(TimeSyncMessageError.BAD_REFERENCE_TIME, "vmreferencetime: "
                    + Long.toUnsignedString(ref) + " (expected: " + Math.max(0, now - maxAgeUnits) + " to " + now
                    + ", the counter now minus at most " + maxAgeUnits + ")");
        }
        long age = (now - ref) * TimeSyncMessageCodec.NANOS_PER_UNIT;
        if (base > Long.MAX_VALUE - age) {
            throw new MalformedTimeSyncMessageException(TimeSyncMessageError.TIME_OUT_OF_RANGE, "host time: "
                    + "parenttime " + Long.toUnsignedString(message.parentTime()) + " + " + (now - ref)
                    + " (expected: <= " + Long.MAX_VALUE + " ns since 1970)");
        }
        return base + age;
    }

    private boolean differsBeyondThreshold(long hostNanos, long guestNanos) {
        long diff;
        try {
            diff = Math.abs(Math.subtractExact(hostNanos, guestNanos));
        } catch (ArithmeticException e) {
            return true;
        }
        return diff < 0 || diff > thresholdNanos; // abs(MIN_VALUE) stays negative: far apart
    }

    /** Steps the clock if the answered message asked for it (ic §4.2; MHV hvtimesyncd settimeofday after the answer). */
    @Override
    public void onRequest(IcServiceRequest request) {
        Step step = pending.getAndSet(null);
        if (step == null) {
            return;
        }
        long elapsed = counter.read() - step.counterAtAnswer();
        long target = step.hostNanos();
        if (elapsed > 0 && elapsed <= maxAgeUnits) {
            long add = elapsed * TimeSyncMessageCodec.NANOS_PER_UNIT;
            target = target > Long.MAX_VALUE - add ? Long.MAX_VALUE : target + add;
        }
        clock.step(target);
    }

    @Override
    public String toString() {
        return "TimeSyncDaemon[threshold=" + thresholdNanos + " ns, maxAge=" + maxAgeUnits + " x 100 ns]";
    }
}
