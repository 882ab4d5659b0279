/** Trace validation of whole reference-machine runs: the reference guest booting on the reference host. */
package org.hvref.machine.trace;
