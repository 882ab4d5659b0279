/**
 * StorVSC hazard regressions: one test per must-fail configuration of {@code spec/src/tla/storvsc/} (hazards.md #11,
 * #19, issue 5 §4), each forcing the hazard on the Java VSP / VSC over a real machine and showing that TLC catches
 * the buggy behaviour (spliced into a real trace, or on the bug configuration).
 */
package org.hvref.storage.hazard;
