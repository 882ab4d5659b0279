package org.hvref.channel.protocol;

/**
 * Layout of OFFERCHANNEL (type 1) (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). Offsets include the 8-byte header; all fields little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  header (msgtype u32, padding u32)
 *     8    16  interface type GUID
 *    24    16  interface instance GUID
 *    40     8  reserved1 u64
 *    48     8  reserved2 u64
 *    56     2  channel flags u16
 *    58     2  mmio_megabytes u16
 *    60   120  user-defined area
 *   180     2  sub_channel_index u16
 *   182     2  reserved3 / MmioMegabytesOptional u16
 *   184     4  child_relid u32
 *   188     1  monitorid u8
 *   189     1  bit0 monitor_allocated
 *   190     2  bit0 is_dedicated_interrupt (Win7+)
 *   192     4  connection_id u32 (Win7+)
 * </pre>
 */
public final class OfferChannelDescriptor {
    /** Offset of interface type GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int INTERFACE_TYPE_OFFSET = 8;
    /** Length of interface type GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int INTERFACE_TYPE_LENGTH = 16;
    /** Offset of interface instance GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int INTERFACE_INSTANCE_OFFSET = 24;
    /** Length of interface instance GUID (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int INTERFACE_INSTANCE_LENGTH = 16;
    /** Offset of reserved1 u64 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int RESERVED1_OFFSET = 40;
    /** Length of reserved1 u64 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int RESERVED1_LENGTH = 8;
    /** Offset of reserved2 u64 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int RESERVED2_OFFSET = 48;
    /** Length of reserved2 u64 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int RESERVED2_LENGTH = 8;
    /** Offset of channel flags u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int FLAGS_OFFSET = 56;
    /** Length of channel flags u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int FLAGS_LENGTH = 2;
    /** Offset of mmio_megabytes u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MMIO_MEGABYTES_OFFSET = 58;
    /** Length of mmio_megabytes u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MMIO_MEGABYTES_LENGTH = 2;
    /** Offset of user-defined area (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int USER_DEFINED_OFFSET = 60;
    /** Length of user-defined area (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int USER_DEFINED_LENGTH = 120;
    /** Offset of sub_channel_index u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int SUB_CHANNEL_INDEX_OFFSET = 180;
    /** Length of sub_channel_index u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int SUB_CHANNEL_INDEX_LENGTH = 2;
    /** Offset of reserved3 / MmioMegabytesOptional u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MMIO_MEGABYTES_OPTIONAL_OFFSET = 182;
    /** Length of reserved3 / MmioMegabytesOptional u16 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MMIO_MEGABYTES_OPTIONAL_LENGTH = 2;
    /** Offset of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int CHILD_RELID_OFFSET = 184;
    /** Length of child_relid u32 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int CHILD_RELID_LENGTH = 4;
    /** Offset of monitorid u8 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MONITOR_ID_OFFSET = 188;
    /** Length of monitorid u8 (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MONITOR_ID_LENGTH = 1;
    /** Offset of bit0 monitor_allocated (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MONITOR_FLAGS_OFFSET = 189;
    /** Length of bit0 monitor_allocated (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int MONITOR_FLAGS_LENGTH = 1;
    /** Offset of bit0 is_dedicated_interrupt (Win7+) (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int INTERRUPT_FLAGS_OFFSET = 190;
    /** Length of bit0 is_dedicated_interrupt (Win7+) (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int INTERRUPT_FLAGS_LENGTH = 2;
    /** Offset of connection_id u32 (Win7+) (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int CONNECTION_ID_OFFSET = 192;
    /** Length of connection_id u32 (Win7+) (vmbus-core.md §2.2; LNX-H vmbus_channel_offer_channel). */
    public static final int CONNECTION_ID_LENGTH = 4;
    /** Length from Win7 on (vmbus-core.md §2.1: 196). */
    public static final int LENGTH = 196;
    /** Length sent by 0.13 hosts (vmbus-core.md §2.2; MSVM VMBUS_CHANNEL_OFFER_CHANNEL_SIZE_PRE_WIN7). */
    public static final int LENGTH_WS2008 = 190;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #INTERFACE_TYPE_OFFSET} */
    public static int interfaceTypeOffset() {
        return INTERFACE_TYPE_OFFSET;
    }

    /** @return {@link #INTERFACE_TYPE_LENGTH} */
    public static int interfaceTypeLength() {
        return INTERFACE_TYPE_LENGTH;
    }

    /** @return {@link #INTERFACE_INSTANCE_OFFSET} */
    public static int interfaceInstanceOffset() {
        return INTERFACE_INSTANCE_OFFSET;
    }

    /** @return {@link #INTERFACE_INSTANCE_LENGTH} */
    public static int interfaceInstanceLength() {
        return INTERFACE_INSTANCE_LENGTH;
    }

    /** @return {@link #RESERVED1_OFFSET} */
    public static int reserved1Offset() {
        return RESERVED1_OFFSET;
    }

    /** @return {@link #RESERVED1_LENGTH} */
    public static int reserved1Length() {
        return RESERVED1_LENGTH;
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

    /** @return {@link #MMIO_MEGABYTES_OFFSET} */
    public static int mmioMegabytesOffset() {
        return MMIO_MEGABYTES_OFFSET;
    }

    /** @return {@link #MMIO_MEGABYTES_LENGTH} */
    public static int mmioMegabytesLength() {
        return MMIO_MEGABYTES_LENGTH;
    }

    /** @return {@link #USER_DEFINED_OFFSET} */
    public static int userDefinedOffset() {
        return USER_DEFINED_OFFSET;
    }

    /** @return {@link #USER_DEFINED_LENGTH} */
    public static int userDefinedLength() {
        return USER_DEFINED_LENGTH;
    }

    /** @return {@link #SUB_CHANNEL_INDEX_OFFSET} */
    public static int subChannelIndexOffset() {
        return SUB_CHANNEL_INDEX_OFFSET;
    }

    /** @return {@link #SUB_CHANNEL_INDEX_LENGTH} */
    public static int subChannelIndexLength() {
        return SUB_CHANNEL_INDEX_LENGTH;
    }

    /** @return {@link #MMIO_MEGABYTES_OPTIONAL_OFFSET} */
    public static int mmioMegabytesOptionalOffset() {
        return MMIO_MEGABYTES_OPTIONAL_OFFSET;
    }

    /** @return {@link #MMIO_MEGABYTES_OPTIONAL_LENGTH} */
    public static int mmioMegabytesOptionalLength() {
        return MMIO_MEGABYTES_OPTIONAL_LENGTH;
    }

    /** @return {@link #CHILD_RELID_OFFSET} */
    public static int childRelidOffset() {
        return CHILD_RELID_OFFSET;
    }

    /** @return {@link #CHILD_RELID_LENGTH} */
    public static int childRelidLength() {
        return CHILD_RELID_LENGTH;
    }

    /** @return {@link #MONITOR_ID_OFFSET} */
    public static int monitorIdOffset() {
        return MONITOR_ID_OFFSET;
    }

    /** @return {@link #MONITOR_ID_LENGTH} */
    public static int monitorIdLength() {
        return MONITOR_ID_LENGTH;
    }

    /** @return {@link #MONITOR_FLAGS_OFFSET} */
    public static int monitorFlagsOffset() {
        return MONITOR_FLAGS_OFFSET;
    }

    /** @return {@link #MONITOR_FLAGS_LENGTH} */
    public static int monitorFlagsLength() {
        return MONITOR_FLAGS_LENGTH;
    }

    /** @return {@link #INTERRUPT_FLAGS_OFFSET} */
    public static int interruptFlagsOffset() {
        return INTERRUPT_FLAGS_OFFSET;
    }

    /** @return {@link #INTERRUPT_FLAGS_LENGTH} */
    public static int interruptFlagsLength() {
        return INTERRUPT_FLAGS_LENGTH;
    }

    /** @return {@link #CONNECTION_ID_OFFSET} */
    public static int connectionIdOffset() {
        return CONNECTION_ID_OFFSET;
    }

    /** @return {@link #CONNECTION_ID_LENGTH} */
    public static int connectionIdLength() {
        return CONNECTION_ID_LENGTH;
    }

    private OfferChannelDescriptor() {
    }
}
