package org.hvref.ic.protocol;

/**
 * Layout of the IC message header (icmsg_hdr) that follows the pipe header; offsets count from the start of the
 * packet (devices-ic-input-video.md §1.2; LNX-H struct icmsg_hdr, ICMSG_HDR; OVMM hyperv_ic_protocol Header; FBSD
 * vmbus_icmsg_hdr). Little-endian, packed.
 *
 * <pre>
 *   off  size  field
 *   ---  ----  -----
 *     0     8  pipe header ({@link PipeHeaderDescriptor})
 *     8     2  icverframe.major   framework version
 *    10     2  icverframe.minor
 *    12     2  icmsgtype          ({@link IcMessageType})
 *    14     2  icvermsg.major     service message version
 *    16     2  icvermsg.minor
 *    18     2  icmsgsize          bytes of service payload after offset 28
 *    20     4  status             HRESULT ({@link IcStatus})
 *    24     1  ictransaction_id
 *    25     1  icflags            ({@link IcFlags})
 *    26     2  reserved
 *    28     .  service payload
 * </pre>
 */
public final class IcHeaderDescriptor {
    /** Offset of icverframe {u16 major, u16 minor} (ic §1.2; LNX-H icmsg_hdr.icverframe; OVMM Header.framework_version). */
    public static final int FRAMEWORK_VERSION_OFFSET = 8;
    /** Length of icverframe {u16 major, u16 minor} (ic §1.2; LNX-H icmsg_hdr.icverframe; OVMM Header.framework_version). */
    public static final int FRAMEWORK_VERSION_LENGTH = 4;
    /** Offset of icmsgtype u16 (ic §1.2; LNX-H icmsg_hdr.icmsgtype; OVMM Header.message_type). */
    public static final int MESSAGE_TYPE_OFFSET = 12;
    /** Length of icmsgtype u16 (ic §1.2; LNX-H icmsg_hdr.icmsgtype; OVMM Header.message_type). */
    public static final int MESSAGE_TYPE_LENGTH = 2;
    /** Offset of icvermsg {u16 major, u16 minor} (ic §1.2; LNX-H icmsg_hdr.icvermsg; OVMM Header.message_version). */
    public static final int MESSAGE_VERSION_OFFSET = 14;
    /** Length of icvermsg {u16 major, u16 minor} (ic §1.2; LNX-H icmsg_hdr.icvermsg; OVMM Header.message_version). */
    public static final int MESSAGE_VERSION_LENGTH = 4;
    /** Offset of icmsgsize u16, payload bytes after the header (ic §1.2; LNX-H icmsg_hdr.icmsgsize; OVMM Header.message_size). */
    public static final int MESSAGE_SIZE_OFFSET = 18;
    /** Length of icmsgsize u16, payload bytes after the header (ic §1.2; LNX-H icmsg_hdr.icmsgsize; OVMM Header.message_size). */
    public static final int MESSAGE_SIZE_LENGTH = 2;
    /** Offset of status u32 HRESULT (ic §1.2, §1.6; LNX-H icmsg_hdr.status). */
    public static final int STATUS_OFFSET = 20;
    /** Length of status u32 HRESULT (ic §1.2, §1.6; LNX-H icmsg_hdr.status). */
    public static final int STATUS_LENGTH = 4;
    /** Offset of ictransaction_id u8 (ic §1.2; LNX-H icmsg_hdr.ictransaction_id; OVMM Header.transaction_id). */
    public static final int TRANSACTION_ID_OFFSET = 24;
    /** Length of ictransaction_id u8 (ic §1.2; LNX-H icmsg_hdr.ictransaction_id; OVMM Header.transaction_id). */
    public static final int TRANSACTION_ID_LENGTH = 1;
    /** Offset of icflags u8 (ic §1.2; LNX-H icmsg_hdr.icflags; OVMM Header.flags). */
    public static final int FLAGS_OFFSET = 25;
    /** Length of icflags u8 (ic §1.2; LNX-H icmsg_hdr.icflags; OVMM Header.flags). */
    public static final int FLAGS_LENGTH = 1;
    /** Offset of reserved u16[1] (ic §1.2; LNX-H icmsg_hdr.reserved). */
    public static final int RESERVED_OFFSET = 26;
    /** Length of reserved u16[1] (ic §1.2; LNX-H icmsg_hdr.reserved). */
    public static final int RESERVED_LENGTH = 2;
    /** Length of pipe header + IC header, where the service payload starts (ic §1.2; LNX-H ICMSG_HDR = 28). */
    public static final int LENGTH = 28;
    /** Length of the IC header alone (ic §1.2: 20). */
    public static final int IC_HEADER_LENGTH = LENGTH - PipeHeaderDescriptor.LENGTH;
    /** Largest IC message the host implementation sends, MAX_MESSAGE_SIZE (ic §1.1; OVMM hyperv_ic_protocol). */
    public static final int MAX_MESSAGE_SIZE = 13312;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #FRAMEWORK_VERSION_OFFSET} */
    public static int frameworkVersionOffset() {
        return FRAMEWORK_VERSION_OFFSET;
    }

    /** @return {@link #FRAMEWORK_VERSION_LENGTH} */
    public static int frameworkVersionLength() {
        return FRAMEWORK_VERSION_LENGTH;
    }

    /** @return {@link #MESSAGE_TYPE_OFFSET} */
    public static int messageTypeOffset() {
        return MESSAGE_TYPE_OFFSET;
    }

    /** @return {@link #MESSAGE_TYPE_LENGTH} */
    public static int messageTypeLength() {
        return MESSAGE_TYPE_LENGTH;
    }

    /** @return {@link #MESSAGE_VERSION_OFFSET} */
    public static int messageVersionOffset() {
        return MESSAGE_VERSION_OFFSET;
    }

    /** @return {@link #MESSAGE_VERSION_LENGTH} */
    public static int messageVersionLength() {
        return MESSAGE_VERSION_LENGTH;
    }

    /** @return {@link #MESSAGE_SIZE_OFFSET} */
    public static int messageSizeOffset() {
        return MESSAGE_SIZE_OFFSET;
    }

    /** @return {@link #MESSAGE_SIZE_LENGTH} */
    public static int messageSizeLength() {
        return MESSAGE_SIZE_LENGTH;
    }

    /** @return {@link #STATUS_OFFSET} */
    public static int statusOffset() {
        return STATUS_OFFSET;
    }

    /** @return {@link #STATUS_LENGTH} */
    public static int statusLength() {
        return STATUS_LENGTH;
    }

    /** @return {@link #TRANSACTION_ID_OFFSET} */
    public static int transactionIdOffset() {
        return TRANSACTION_ID_OFFSET;
    }

    /** @return {@link #TRANSACTION_ID_LENGTH} */
    public static int transactionIdLength() {
        return TRANSACTION_ID_LENGTH;
    }

    /** @return {@link #FLAGS_OFFSET} */
    public static int flagsOffset() {
        return FLAGS_OFFSET;
    }

    /** @return {@link #FLAGS_LENGTH} */
    public static int flagsLength() {
        return FLAGS_LENGTH;
    }

    /** @return {@link #RESERVED_OFFSET} */
    public static int reservedOffset() {
        return RESERVED_OFFSET;
    }

    /** @return {@link #RESERVED_LENGTH} */
    public static int reservedLength() {
        return RESERVED_LENGTH;
    }

    private IcHeaderDescriptor() {
    }
}
