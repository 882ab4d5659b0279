/**
 * The channel races of issue 3 §3 and the hazards of the VmbusChannel {@code _bug} configurations, each forced on the
 * reference host and guest through the deterministic scheduler (the safe outcome asserted on both sides, the trace
 * validated by TLC), and each hazard's buggy behaviour as a hand-made trace that TLC rejects.
 */
package org.hvref.channel.hazard;
