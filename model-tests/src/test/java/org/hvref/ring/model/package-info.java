/**
 * Model-based tests of the ring: {@link org.hvref.ring.model.RingSpecModel}, a naive Java transcription of
 * {@code VmbusRing.tla}; {@link org.hvref.ring.model.SteppedRing}, the unmodified Java ring driven one spec action at
 * a time; and {@link org.hvref.ring.model.RingModelBasedTest}, which replays TLC's state graph (an edge cover) and
 * random behaviours on both in lock step.
 */
package org.hvref.ring.model;
