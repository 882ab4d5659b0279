/**
 * Model-based tests of the IC specs (tla-practice.md "Model-based tests"): naive Java transcriptions of {@code
 * IcNegotiation.tla} and {@code FileCopy.tla}, lock-step replays of TLC state-graph edge covers and seeded random
 * walks on them and on the Java IC host and guest, each replay fed back through TLC trace validation.
 */
package org.hvref.ic.model;
