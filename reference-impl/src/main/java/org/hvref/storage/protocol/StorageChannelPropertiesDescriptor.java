package org.hvref.storage.protocol;

/**
 * Layout of storage_channel_properties at payload offset 0 (devices-net-storage-pci.md §3.2; L-STOR struct
 * vmstorage_channel_properties, OVMM-STOR ChannelProperties). All fields little-endian, packed.
 *
 * <pre>
 *    off  size  field
 *    ---  ----  -----
 *      0     4  reserved u32
 *      4     2  max_channel_cnt u16 (max sub-channels)
 *      6     2  reserved u16
 *      8     4  flags u32 (bit 0 SUPPORTS_MULTI_CHANNEL)
 *     12     4  max_transfer_bytes u32
 *     16     8  reserved u64
 * </pre>
 */
public final class StorageChannelPropertiesDescriptor {
    /** Offset of reserved u32 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int RESERVED1_OFFSET = 0;
    /** Length of reserved u32 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int RESERVED1_LENGTH = 4;
    /** Offset of max_channel_cnt u16 (max sub-channels) (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int MAX_CHANNEL_COUNT_OFFSET = 4;
    /** Length of max_channel_cnt u16 (max sub-channels) (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int MAX_CHANNEL_COUNT_LENGTH = 2;
    /** Offset of reserved u16 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int RESERVED2_OFFSET = 6;
    /** Length of reserved u16 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int RESERVED2_LENGTH = 2;
    /** Offset of flags u32 (bit 0 SUPPORTS_MULTI_CHANNEL) (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int FLAGS_OFFSET = 8;
    /** Length of flags u32 (bit 0 SUPPORTS_MULTI_CHANNEL) (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int FLAGS_LENGTH = 4;
    /** Offset of max_transfer_bytes u32 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int MAX_TRANSFER_BYTES_OFFSET = 12;
    /** Length of max_transfer_bytes u32 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int MAX_TRANSFER_BYTES_LENGTH = 4;
    /** Offset of reserved u64 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int RESERVED3_OFFSET = 16;
    /** Length of reserved u64 (fact sheet §3.2; L-STOR struct vmstorage_channel_properties). */
    public static final int RESERVED3_LENGTH = 8;
    /** Struct length, 24 (devices-net-storage-pci.md §3.2). */
    public static final int LENGTH = 24;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #RESERVED1_OFFSET} */
    public static int reserved1Offset() {
        return RESERVED1_OFFSET;
    }

    /** @return {@link #RESERVED1_LENGTH} */
    public static int reserved1Length() {
        return RESERVED1_LENGTH;
    }

    /** @return {@link #MAX_CHANNEL_COUNT_OFFSET} */
    public static int maxChannelCountOffset() {
        return MAX_CHANNEL_COUNT_OFFSET;
    }

    /** @return {@link #MAX_CHANNEL_COUNT_LENGTH} */
    public static int maxChannelCountLength() {
        return MAX_CHANNEL_COUNT_LENGTH;
    }

    /** @return {@link #RESERVED2_OFFSET} */
    public static int reserved2Offset() {
        return RESERVED2_OFFSET;
    }

    /** @return {@link #RESERVED2_LENGTH} */
    public static int reserved2Length() {
        return RESERVED2_LENGTH;
    }

    /** @return {@link #FLAGS_OFFSET} */
    public static int flagsOffset() {
        return FLAGS_OFFSET;
    }

    /** @return {@link #FLAGS_LENGTH} */
    public static int flagsLength() {
        return FLAGS_LENGTH;
    }

    /** @return {@link #MAX_TRANSFER_BYTES_OFFSET} */
    public static int maxTransferBytesOffset() {
        return MAX_TRANSFER_BYTES_OFFSET;
    }

    /** @return {@link #MAX_TRANSFER_BYTES_LENGTH} */
    public static int maxTransferBytesLength() {
        return MAX_TRANSFER_BYTES_LENGTH;
    }

    /** @return {@link #RESERVED3_OFFSET} */
    public static int reserved3Offset() {
        return RESERVED3_OFFSET;
    }

    /** @return {@link #RESERVED3_LENGTH} */
    public static int reserved3Length() {
        return RESERVED3_LENGTH;
    }

    private StorageChannelPropertiesDescriptor() {
    }
}
