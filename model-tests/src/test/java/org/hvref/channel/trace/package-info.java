/**
 * Trace validation of the reference VMBus host and guest against {@code channel/TraceVmbusChannel.tla}: generated
 * sessions through the deterministic and the concurrent scheduler, coverage of every action of VmbusChannel's Next,
 * properties over seeds and mutated traces that TLC must reject at the mutated event.
 */
package org.hvref.channel.trace;
