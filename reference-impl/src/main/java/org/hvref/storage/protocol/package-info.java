/**
 * StorVSC / VSTOR wire protocol (devices-net-storage-pci.md §3, §5): the vstor_packet in its 64-byte (Win8+) and
 * 48-byte (pre-Win8) forms, its payloads (vmscsi_request, storage channel properties, protocol version, sub-channel
 * count), the operation, status and flag values, and {@link org.hvref.storage.protocol.VstorPacketCodec} driven by
 * {@link org.hvref.storage.protocol.VstorPacketCatalog}.
 *
 * <p>Pure: no I/O, threads, clocks or tracing. Hostile input is reported as
 * {@link org.hvref.storage.protocol.MalformedStorvscPacketException} with a
 * {@link org.hvref.storage.protocol.VstorPacketError} reason; caller bugs are {@link IllegalArgumentException}.
 */
package org.hvref.storage.protocol;
