package org.hvref.storage.protocol;

/** Why the vstor packet codec rejects a packet (each is a {@link MalformedStorvscPacketException#reason()}). */
public enum VstorPacketError {
    /** A length that is neither 48 (pre-Win8) nor 64 (Win8+) bytes, or not the negotiated form's length (§3.2). */
    BAD_SIZE,
    /** An operation code outside 1..14 (devices-net-storage-pci.md §3.2 operations). */
    UNKNOWN_OPERATION,
    /** A field value the packet's records reject (flag bits, SRB length, CDB or sense length, data_in, ...). */
    INVALID_FIELD
}
