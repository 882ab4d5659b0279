/**
 * JMH benchmarks: two-thread (one producer, one consumer) throughput of the VMBus ring against Agrona's
 * {@code OneToOneRingBuffer} and a plain copy of the same bytes; run them with {@code benchmarks/run.sh}.
 */
package org.hvref.benchmarks;
