package org.hvref.storage.protocol;

import org.hvref.wire.FieldRange;

/**
 * storage_channel_properties, the QUERY_PROPERTIES answer (devices-net-storage-pci.md §3.2, §3.4; L-STOR
 * vmstorage_channel_properties; layout {@link StorageChannelPropertiesDescriptor}). Reserved fields read as ignored
 * and are written as zero.
 *
 * @param maxChannelCount  max_channel_cnt u16, the most sub-channels the guest may ask for
 * @param flags            flags u32 ({@link #SUPPORTS_MULTI_CHANNEL})
 * @param maxTransferBytes max_transfer_bytes u32
 */
public record StorageChannelProperties(int maxChannelCount, int flags, long maxTransferBytes) implements VstorPayload {
    /** Flag bit 0 (§3.2; L-STOR STORAGE_CHANNEL_SUPPORTS_MULTI_CHANNEL). */
    public static final int SUPPORTS_MULTI_CHANNEL = 0x1;
    /** openvmm's max_transfer_bytes, 256 KiB (§3.4; OVMM-STOR). */
    public static final long OPENVMM_MAX_TRANSFER_BYTES = 0x40000;
    /** All-zero properties, as Linux sends in its QUERY_PROPERTIES request (§3.4). */
    public static final StorageChannelProperties NONE = new StorageChannelProperties(0, 0, 0);

    /** Validates the widths. */
    public StorageChannelProperties {
        FieldRange.u16("storage channel max channel count", maxChannelCount);
        FieldRange.check(maxTransferBytes >= 0 && maxTransferBytes <= 0xFFFF_FFFFL,
                "storage channel max transfer bytes: " + maxTransferBytes + " (expected: 0..4294967295)");
    }

    /** @return whether SUPPORTS_MULTI_CHANNEL is set */
    public boolean supportsMultiChannel() {
        return (flags & SUPPORTS_MULTI_CHANNEL) != 0;
    }

    @Override
    public VstorPayloadKind kind() {
        return VstorPayloadKind.PROPERTIES;
    }
}
