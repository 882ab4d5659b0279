package org.hvref.hypervisor;

import java.util.Objects;
import org.hvref.trace.SpecTracer;

/**
 * Configuration of a simulated {@link Hypervisor}.
 *
 * @param vpCount           number of virtual processors (≥ 1), one {@link SynIc} each
 * @param sintQueueCapacity messages that may wait per VP and SINT behind a busy slot before host posts get {@link
 *                          HvStatus#INSUFFICIENT_BUFFERS}
 * @param portQueueCapacity guest messages that may wait per host message port before guest posts get {@link
 *                          HvStatus#INSUFFICIENT_BUFFERS}
 * @param tracer            receives the hypervisor-level events of {@link HypervisorEvents}; {@link SpecTracer#OFF}
 *                          for none
 */
public record HypervisorConfig(int vpCount, int sintQueueCapacity, int portQueueCapacity, SpecTracer tracer) {
    /** Default per-SINT and per-port queue capacity. */
    public static final int DEFAULT_QUEUE_CAPACITY = 64;

    /** Validates the values. */
    public HypervisorConfig {
        if (vpCount < 1) {
            throw new IllegalArgumentException("vp count: " + vpCount + " (expected: >= 1)");
        }
        if (sintQueueCapacity < 0) {
            throw new IllegalArgumentException("sint queue capacity: " + sintQueueCapacity + " (expected: >= 0)");
        }
        if (portQueueCapacity < 1) {
            throw new IllegalArgumentException("port queue capacity: " + portQueueCapacity + " (expected: >= 1)");
        }
        Objects.requireNonNull(tracer, "tracer");
    }

    /** @return one VP, queues of {@link #DEFAULT_QUEUE_CAPACITY}, no tracing */
    public static HypervisorConfig defaults() {
        return new HypervisorConfig(1, DEFAULT_QUEUE_CAPACITY, DEFAULT_QUEUE_CAPACITY, SpecTracer.OFF);
    }

    /** @param n number of VPs @return a copy with that many VPs */
    public HypervisorConfig withVpCount(int n) {
        return new HypervisorConfig(n, sintQueueCapacity, portQueueCapacity, tracer);
    }

    /** @param n capacity @return a copy with that per-SINT queue capacity */
    public HypervisorConfig withSintQueueCapacity(int n) {
        return new HypervisorConfig(vpCount, n, portQueueCapacity, tracer);
    }

    /** @param n capacity @return a copy with that per-port queue capacity */
    public HypervisorConfig withPortQueueCapacity(int n) {
        return new HypervisorConfig(vpCount, sintQueueCapacity, n, tracer);
    }

    /** @param t tracer @return a copy recording hypervisor events to {@code t} */
    public HypervisorConfig withTracer(SpecTracer t) {
        return new HypervisorConfig(vpCount, sintQueueCapacity, portQueueCapacity, t);
    }
}
