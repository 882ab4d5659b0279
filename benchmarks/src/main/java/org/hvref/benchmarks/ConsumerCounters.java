package org.hvref.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Messages the consumer thread of a throughput group received; JMH reports the field as a rate per second
 * (secondary result {@code received}).
 *
 * <p>The group's primary score counts benchmark-method invocations, empty polls and failed writes included, and
 * means nothing; {@link ContenderResult} combines {@code received} with {@link ProducerCounters#written}.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ConsumerCounters {
    /** Messages the consumer took out of the ring (or buffer) in this iteration. */
    public long received;

    /** Zeroes the counter before each iteration: JMH does not reset auxiliary counters itself. */
    @Setup(Level.Iteration)
    public void reset() {
        received = 0;
    }
}
