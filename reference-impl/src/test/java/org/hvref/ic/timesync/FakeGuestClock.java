package org.hvref.ic.timesync;

import java.util.ArrayList;
import java.util.List;

/** A settable {@link GuestClock} that records every step (as "step N" in the shared log too). */
final class FakeGuestClock implements GuestClock {
    long now;
    final List<Long> steps = new ArrayList<>();
    private final List<String> log;

    FakeGuestClock(long now, List<String> log) {
        this.now = now;
        this.log = log;
    }

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public void step(long unixNanos) {
        steps.add(unixNanos);
        log.add("step " + unixNanos);
        now = unixNanos;
    }
}
