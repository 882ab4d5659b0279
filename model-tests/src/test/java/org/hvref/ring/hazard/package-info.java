/**
 * Scripted regressions of the ring hazards that have a must-fail TLA+ configuration (hazards.md §4), one test per
 * {@code _bug} cfg.
 */
package org.hvref.ring.hazard;
