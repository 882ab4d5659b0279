/**
 * IC services over real VMBus channels of the reference machine: heartbeat runs for every guest family in
 * deterministic and concurrent mode, failed and timed-out negotiations, missed heartbeats and rescinds, with every
 * run's IcNegotiation and VmbusChannel traces validated by TLC.
 */
package org.hvref.ic.machine;
