/**
 * A simulated Hyper-V hypervisor for one partition (vmbus-core.md §1): per-VP SynIC message and event-flag pages,
 * HvPostMessage/HvSignalEvent with connection ids, host-to-guest posts and signals, and monitor pages.
 *
 * <p>Concepts:
 * <ul>
 *   <li>{@link org.hvref.hypervisor.Side} — HOST (VMBus server) or GUEST (VMBus client).</li>
 *   <li>{@link org.hvref.hypervisor.Scheduler} — runs each side's work on one logical thread, FIFO per side.
 *       {@link org.hvref.hypervisor.DeterministicScheduler} lets tests choose and replay the interleaving (seed,
 *       script or recorded history); {@link org.hvref.hypervisor.ConcurrentScheduler} runs each side on its own
 *       thread.</li>
 *   <li>{@link org.hvref.hypervisor.Hypervisor} — the partition: guest hypercalls ({@code postMessage},
 *       {@code signalEvent}, {@code monitorTrigger}), host ports ({@code registerMessagePort},
 *       {@code registerEventPort}) and host-to-guest delivery ({@code postToGuest}, {@code signalGuest}). Every
 *       delivery is a task of the receiving side.</li>
 *   <li>{@link org.hvref.hypervisor.SynIc} — one VP's SynIC: SIMP/SIEFP at guest GPAs, SINT handlers, the
 *       message slot protocol (busy slot → queue + msg_pending → guest frees the slot → EOM → next message) and
 *       event flags with atomic test-and-clear.</li>
 *   <li>{@link org.hvref.hypervisor.MonitorPage} — flyweight over a 4 KiB monitor page.</li>
 *   <li>{@link org.hvref.hypervisor.HypercallInputDescriptor} — the byte layouts of the HvPostMessage and
 *       HvSignalEvent inputs, decoded by {@code Hypervisor.hvCallPostMessage/hvCallSignalEvent(Fast)} and written by
 *       {@link org.hvref.hypervisor.HypercallInputs}.</li>
 *   <li>{@link org.hvref.hypervisor.HvStatus} — hypercall status codes.</li>
 * </ul>
 * Depends only on {@code org.hvref.wire}, {@code org.hvref.memory}, {@code org.hvref.trace} and the JDK.
 */
package org.hvref.hypervisor;
