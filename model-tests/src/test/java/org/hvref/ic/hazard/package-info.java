/**
 * Scripted regressions for the hazard (must-fail) configurations of the IC specs (spec/src/tla/ic): each drives the
 * real IC and file-copy code into the hazard's situation, asserts the safe outcome, and shows that the buggy event,
 * spliced into the real recorded trace, is rejected by TLC at that event (or, where the trace spec cannot express it,
 * that TLC finds the violation on the bug configuration).
 */
package org.hvref.ic.hazard;
