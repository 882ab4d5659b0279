package org.hvref.ic.timesync;

/**
 * The partition reference counter, 100 ns units (devices-ic-input-video.md §4.1: MSR 0x40000020 / TSC page;
 * MHV HyperV.hpp kHyperVMsrTimeRefCount; L-util "guest's Hyper-V clocksource").
 */
@FunctionalInterface
public interface ReferenceCounter {
    /** @return the counter's current value (100 ns units since partition start, not negative) */
    long read();
}
