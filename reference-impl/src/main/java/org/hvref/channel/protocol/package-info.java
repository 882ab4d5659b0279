/**
 * VMBus channel-management messages (vmbus-core.md §2, §3, §9.0): one immutable record per message type 1–26, one
 * {@code *Descriptor} per layout, the {@link org.hvref.channel.protocol.ChannelMessageCatalog} table of types,
 * minimum versions and sizes, and {@link org.hvref.channel.protocol.ChannelMessageCodec} driven by it.
 *
 * <p>Pure: depends on {@code java..} and {@code org.hvref.wire} only; no I/O, threads or clocks. Hostile input is
 * reported as {@link org.hvref.channel.protocol.MalformedChannelMessageException} with a
 * {@link org.hvref.channel.protocol.ChannelMessageError} reason; caller bugs are {@link IllegalArgumentException}.
 */
package org.hvref.channel.protocol;
