package org.hvref.storage.protocol;

/**
 * Layout of the CREATE_SUB_CHANNELS payload at payload offset 0 (devices-net-storage-pci.md §3.2; L-STOR
 * vstor_packet.sub_channel_count). All fields little-endian, packed.
 *
 * <pre>
 *    off  size  field
 *    ---  ----  -----
 *      0     2  sub_channel_count u16
 * </pre>
 */
public final class SubChannelCountDescriptor {
    /** Offset of sub_channel_count u16 (fact sheet §3.2; L-STOR vstor_packet.sub_channel_count). */
    public static final int SUB_CHANNEL_COUNT_OFFSET = 0;
    /** Length of sub_channel_count u16 (fact sheet §3.2; L-STOR vstor_packet.sub_channel_count). */
    public static final int SUB_CHANNEL_COUNT_LENGTH = 2;
    /** Struct length, 2 (devices-net-storage-pci.md §3.2). */
    public static final int LENGTH = 2;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #SUB_CHANNEL_COUNT_OFFSET} */
    public static int subChannelCountOffset() {
        return SUB_CHANNEL_COUNT_OFFSET;
    }

    /** @return {@link #SUB_CHANNEL_COUNT_LENGTH} */
    public static int subChannelCountLength() {
        return SUB_CHANNEL_COUNT_LENGTH;
    }

    private SubChannelCountDescriptor() {
    }
}
