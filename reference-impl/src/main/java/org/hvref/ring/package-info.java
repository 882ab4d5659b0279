/**
 * The VMBus ring buffer: control page and packet layouts, the ring over (possibly non-contiguous) guest pages,
 * the single-producer writer and single-consumer reader with the signalling rules of {@code spec/src/tla/ring},
 * and the packet codec.
 *
 * <p>Names of spec actions, Java methods and trace events are fixed by {@code spec/src/tla/ring/CONTRACT.md}; see
 * {@link org.hvref.ring.RingActions}. Facts come from {@code vmbus-core.md} §6–§7.
 */
package org.hvref.ring;
