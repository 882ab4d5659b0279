package org.hvref.storage.protocol;

/** vstor_packet.flags (devices-net-storage-pci.md §3.2; L-STOR REQUEST_COMPLETION_FLAG). */
public final class VstorFlags {
    /** Bit 0, set by the guest on every request (§3.2, §3.4; L-STOR REQUEST_COMPLETION_FLAG 0x1). */
    public static final int REQUEST_COMPLETION = 0x1;
    /** Every bit the protocol defines; the codec rejects others (§3.2). */
    public static final int KNOWN = REQUEST_COMPLETION;

    private VstorFlags() {
    }
}
