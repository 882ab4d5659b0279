package org.hvref.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Messages the producer thread of a throughput group wrote (attempts that found the ring full are not counted);
 * JMH reports the field as a rate per second (secondary result {@code written}).
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ProducerCounters {
    /** Messages the producer put into the ring (or buffer) in this iteration. */
    public long written;

    /** Zeroes the counter before each iteration: JMH does not reset auxiliary counters itself. */
    @Setup(Level.Iteration)
    public void reset() {
        written = 0;
    }
}
