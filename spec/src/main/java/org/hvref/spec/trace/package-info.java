/**
 * Trace validation of Java ring logs against {@code ring/TraceVmbusRing.tla}: writes the generated trace module and
 * runs TLC on it.
 */
package org.hvref.spec.trace;
