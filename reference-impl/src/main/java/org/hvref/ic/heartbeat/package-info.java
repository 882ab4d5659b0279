/**
 * The heartbeat IC service (devices-ic-input-video.md §2): the guest's {@link
 * org.hvref.ic.heartbeat.HeartbeatResponder} answers sequence N with N+1 in place; the host's {@link
 * org.hvref.ic.heartbeat.HeartbeatHostService} sends a heartbeat per tick, checks the answers and detects missed
 * heartbeats and an unresponsive guest.
 */
package org.hvref.ic.heartbeat;
