package org.hvref.storage.protocol;

/** The 52-byte (Win8+) or 36-byte (pre-Win8) union at vstor_packet offset 12 (devices-net-storage-pci.md §3.2). */
public sealed interface VstorPayload
        permits VmScsiRequest, StorageChannelProperties, VstorVersionPayload, SubChannelCount, OpaquePayload {

    /** @return how the codec reads and writes it */
    VstorPayloadKind kind();

    /**
     * Checks that the payload fits a packet form.
     *
     * @param form the packet's form
     * @throws IllegalArgumentException if it does not
     */
    default void checkFits(VstorPacketForm form) {
    }
}
