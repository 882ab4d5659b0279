/**
 * Trace validation of Java logs against the trace specs: ring logs against {@code ring/TraceVmbusRing.tla}
 * ({@link org.hvref.spec.trace.TraceValidator}), VMBus host/guest logs against {@code channel/TraceVmbusChannel.tla}
 * ({@link org.hvref.spec.trace.ChannelTraceValidator}); each writes the generated trace module and runs TLC on it.
 */
package org.hvref.spec.trace;
