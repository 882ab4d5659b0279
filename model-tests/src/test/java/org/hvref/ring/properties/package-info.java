/**
 * Property tests, fuzz targets and the two-thread stress test of the ring and the packet codec (issue 2 §4
 * "Properties"): round trips, "only the typed exception on hostile input", and 10^6 packets between two threads.
 */
package org.hvref.ring.properties;
