/**
 * Spec tracing: {@link org.hvref.trace.SpecAction} ties Java methods to TLA+ actions, and a
 * {@link org.hvref.trace.SpecTracer} records one {@link org.hvref.trace.TraceEvent} per performed action, in one
 * total order (a linearization of the real execution) that TLC can replay against the spec.
 */
package org.hvref.trace;
