package org.hvref.storage.protocol;

/** Which interpretation of the payload union a packet carries (devices-net-storage-pci.md §3.2 union members). */
public enum VstorPayloadKind {
    /** vmscsi_request ({@link VmScsiRequest}). */
    SRB,
    /** storage_channel_properties ({@link StorageChannelProperties}). */
    PROPERTIES,
    /** protocol version ({@link VstorVersionPayload}). */
    VERSION,
    /** sub_channel_count ({@link SubChannelCount}). */
    SUB_CHANNEL_COUNT,
    /** Uninterpreted bytes ({@link OpaquePayload}): init steps, resets, notifications, FC data. */
    OPAQUE
}
