package org.hvref.ic.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link HandlerWaiter} on virtual time: events scheduled at offsets from the start of each wait run in time order
 * while they are within the limit; nothing sleeps. Records every limit it was asked to wait.
 */
final class VirtualTimeWaiter implements HandlerWaiter {
    private record Event(Duration at, Runnable action) {
    }

    private final List<Event> events = new ArrayList<>();
    final List<Duration> limits = new ArrayList<>();

    /** Schedules an action {@code at} after the next wait starts. */
    void at(Duration at, Runnable action) {
        events.add(new Event(at, action));
    }

    @Override
    public boolean await(CompletableFuture<Boolean> answer, Duration limit) {
        limits.add(limit);
        events.sort(Comparator.comparing(Event::at));
        for (Event e : List.copyOf(events)) {
            if (answer.isDone() || e.at().compareTo(limit) > 0) {
                break;
            }
            events.remove(e);
            e.action().run();
        }
        return answer.isDone();
    }
}
