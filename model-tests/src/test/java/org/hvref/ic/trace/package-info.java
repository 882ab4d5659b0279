/** Trace validation of the Java IC host and guest against spec/src/tla/ic/TraceIcNegotiation.tla (ic/CONTRACT-IcNegotiation.md). */
package org.hvref.ic.trace;
