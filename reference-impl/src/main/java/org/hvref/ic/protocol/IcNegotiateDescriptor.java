package org.hvref.ic.protocol;

/**
 * Layout of the NEGOTIATE payload (icmsgtype 0); offsets count from the start of the packet
 * (devices-ic-input-video.md §1.4; LNX-H struct icmsg_negotiate, ICMSG_NEGOTIATE_PKT_SIZE; OVMM NegotiateMessage; FBSD
 * vmbus_icmsg_negotiate). Little-endian, packed.
 *
 * <pre>
 *   off  size          field
 *   ---  ----          -----
 *     0    28          pipe + IC header ({@link IcHeaderDescriptor})
 *    28     2          icframe_vercnt   framework versions that follow
 *    30     2          icmsg_vercnt     message versions after the framework versions
 *    32     4          reserved
 *    36     4*(fw+msg) icversion_data[] {u16 major, u16 minor}: fw framework versions, then msg message versions
 * </pre>
 */
public final class IcNegotiateDescriptor {
    /** Offset of icframe_vercnt u16 (ic §1.4; LNX-H icmsg_negotiate.icframe_vercnt). */
    public static final int FRAMEWORK_COUNT_OFFSET = 28;
    /** Length of icframe_vercnt u16 (ic §1.4; LNX-H icmsg_negotiate.icframe_vercnt). */
    public static final int FRAMEWORK_COUNT_LENGTH = 2;
    /** Offset of icmsg_vercnt u16 (ic §1.4; LNX-H icmsg_negotiate.icmsg_vercnt). */
    public static final int MESSAGE_COUNT_OFFSET = 30;
    /** Length of icmsg_vercnt u16 (ic §1.4; LNX-H icmsg_negotiate.icmsg_vercnt). */
    public static final int MESSAGE_COUNT_LENGTH = 2;
    /** Offset of reserved u32 (ic §1.4; LNX-H icmsg_negotiate.reserved). */
    public static final int RESERVED_OFFSET = 32;
    /** Length of reserved u32 (ic §1.4; LNX-H icmsg_negotiate.reserved). */
    public static final int RESERVED_LENGTH = 4;
    /** Offset of the first icversion_data entry (each entry is 4 bytes) (ic §1.4; LNX-H icmsg_negotiate.icversion_data). */
    public static final int VERSIONS_OFFSET = 36;
    /** Length of the first icversion_data entry (each entry is 4 bytes) (ic §1.4; LNX-H icmsg_negotiate.icversion_data). */
    public static final int VERSIONS_LENGTH = 4;
    /** Negotiate payload bytes before the version array (ic §1.4: 8). */
    public static final int FIXED_LENGTH = VERSIONS_OFFSET - IcHeaderDescriptor.LENGTH;
    /** Bytes a guest needs to read both counts (ic §1.4 Linux step 1: 28 + 4). */
    public static final int MIN_COUNTS_LENGTH = MESSAGE_COUNT_OFFSET + MESSAGE_COUNT_LENGTH;
    /** icmsgsize of a negotiate response: 8 + two versions = 16 (ic §1.4 Linux step 2). */
    public static final int RESPONSE_MESSAGE_SIZE = FIXED_LENGTH + 2 * IcVersion.LENGTH;
    /** Whole packet length of a negotiate response: 28 + 16 = 44 (ic §1.4; FBSD vmbus_ic_negomsg minimum). */
    public static final int RESPONSE_LENGTH = IcHeaderDescriptor.LENGTH + RESPONSE_MESSAGE_SIZE;
    /** Most versions per list a guest accepts, IC_VERSION_NEGOTIATION_MAX_VER_COUNT = 100 (ic §1.4 Linux step 3). */
    public static final int MAX_VERSION_COUNT = 100;

    /**
     * @param index entry index, 0-based over framework then message versions
     * @return the offset of that icversion_data entry
     */
    public static int versionOffset(int index) {
        return VERSIONS_OFFSET + index * IcVersion.LENGTH;
    }

    /**
     * @param frameworkCount icframe_vercnt
     * @param messageCount   icmsg_vercnt
     * @return icmsgsize for those counts: 8 + 4 * (fw + msg)
     */
    public static int messageSize(int frameworkCount, int messageCount) {
        return FIXED_LENGTH + IcVersion.LENGTH * (frameworkCount + messageCount);
    }

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #FRAMEWORK_COUNT_OFFSET} */
    public static int frameworkCountOffset() {
        return FRAMEWORK_COUNT_OFFSET;
    }

    /** @return {@link #FRAMEWORK_COUNT_LENGTH} */
    public static int frameworkCountLength() {
        return FRAMEWORK_COUNT_LENGTH;
    }

    /** @return {@link #MESSAGE_COUNT_OFFSET} */
    public static int messageCountOffset() {
        return MESSAGE_COUNT_OFFSET;
    }

    /** @return {@link #MESSAGE_COUNT_LENGTH} */
    public static int messageCountLength() {
        return MESSAGE_COUNT_LENGTH;
    }

    /** @return {@link #RESERVED_OFFSET} */
    public static int reservedOffset() {
        return RESERVED_OFFSET;
    }

    /** @return {@link #RESERVED_LENGTH} */
    public static int reservedLength() {
        return RESERVED_LENGTH;
    }

    /** @return {@link #VERSIONS_OFFSET} */
    public static int versionsOffset() {
        return VERSIONS_OFFSET;
    }

    /** @return {@link #VERSIONS_LENGTH} */
    public static int versionsLength() {
        return VERSIONS_LENGTH;
    }

    private IcNegotiateDescriptor() {
    }
}
