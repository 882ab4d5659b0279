/** Trace validation of the Java IC host and guest against spec/src/tla/ic/TraceIcNegotiation.tla (ic/CONTRACT.md). */
package org.hvref.ic.trace;
