package org.hvref.ic.timesync;

/** The guest's wall clock as the time-sync daemon sees it (what hvtimesyncd's settimeofday sets, ic §11.3). */
public interface GuestClock {
    /** @return the current time in nanoseconds since 1970-01-01 UTC */
    long nowNanos();

    /**
     * Steps the clock.
     *
     * @param unixNanos the new time in nanoseconds since 1970-01-01 UTC
     */
    void step(long unixNanos);
}
