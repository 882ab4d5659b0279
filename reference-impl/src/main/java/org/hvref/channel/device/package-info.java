/**
 * The data plane of a VMBus device: one {@link org.hvref.channel.device.ChannelEndpoint} per open channel and
 * side that sends packets into the outgoing ring, drains the incoming ring when the peer signals, and matches
 * completions to requests by transaction id (vmbus-core.md §6–§7); plus the hvref-private loopback echo device that
 * proves it end to end. Independent of the control plane that opens the channel.
 */
package org.hvref.channel.device;
