package org.hvref.machine;

/** How a {@link ReferenceMachine} runs its host and guest tasks. */
public enum MachineMode {
    /** One thread; a {@link org.hvref.hypervisor.DeterministicScheduler} picks the side of every step (seed or script). */
    DETERMINISTIC,
    /** Host and guest on their own threads ({@link org.hvref.hypervisor.ConcurrentScheduler}). */
    CONCURRENT
}
