/**
 * The VMBus host (server) core: connection, offers, GPADLs and channel lifecycle of vmbus-core.md §2–§5 as a
 * sans-IO state machine ({@link org.hvref.channel.host.VmbusServer}) plus the device-facing API
 * ({@link org.hvref.channel.host.HostDevice}).
 */
package org.hvref.channel.host;
