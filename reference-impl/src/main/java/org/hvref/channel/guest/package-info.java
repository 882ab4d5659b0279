/**
 * The VMBus guest (client) control plane, {@link org.hvref.channel.guest.VmbusClient}: version negotiation, offers,
 * GPADLs, open/close/modify, rescind and relid release, unload (vmbus-core.md §3–§5, §8; spec {@code VmbusChannel}
 * guest actions).
 *
 * <p>Sans-IO: the client consumes raw channel messages through {@link org.hvref.channel.guest.VmbusClient#receive}
 * and posts through a {@link org.hvref.channel.guest.HostMessageSink}; every operation that waits for the host
 * returns a {@link java.util.concurrent.CompletableFuture} and nothing blocks. Hostile host input is dropped with a
 * {@link org.hvref.channel.guest.GuestProtocolException}; outcomes the host may legitimately choose (refused
 * versions, failed GPADL or open, rescind) fail the request's future with a
 * {@link org.hvref.channel.guest.ChannelRequestException} subclass.
 */
package org.hvref.channel.guest;
