package org.hvref.storage.protocol;

import org.hvref.wire.FieldRange;

/**
 * CREATE_SUB_CHANNELS payload (devices-net-storage-pci.md §3.2, §3.4; L-STOR vstor_packet.sub_channel_count; layout
 * {@link SubChannelCountDescriptor}).
 *
 * @param count u16 number of sub-channels requested
 */
public record SubChannelCount(int count) implements VstorPayload {
    /** Validates the u16. */
    public SubChannelCount {
        FieldRange.u16("sub channel count", count);
    }

    @Override
    public VstorPayloadKind kind() {
        return VstorPayloadKind.SUB_CHANNEL_COUNT;
    }
}
