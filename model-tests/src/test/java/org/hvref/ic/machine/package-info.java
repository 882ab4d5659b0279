/**
 * IC services over real VMBus channels of the reference machine, every guest family in deterministic and concurrent
 * mode: heartbeat (failed and timed-out negotiations, missed heartbeats, rescinds), shutdown (family tables, act after
 * the answer, handler limit, one request at a time, rescind while the daemon waits), time sync (v1/v3/v4, SYNC, SAMPLE
 * threshold, PROBE, hostile payloads) and file copy (bit-exact files, refusals, cancel, rescind and close mid-copy),
 * with every run's IcNegotiation, FileCopy and VmbusChannel traces validated by TLC; and the regression test of hazard
 * #4 (L-RING-3: the guest drains every packet queued behind one signal).
 */
package org.hvref.ic.machine;
