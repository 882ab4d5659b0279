/**
 * Trace validation of the Java ring: generated runs recorded as traces and checked by TLC against
 * {@code TraceVmbusRing.tla}, and mutated traces that the checker must reject at the right event.
 */
package org.hvref.ring.trace;
