package org.hvref.ring;

/** Why the packet codec rejects a packet's contents (each is a {@link MalformedPacketException#reason()}). */
public enum PacketError {
    /** Fewer bytes than a descriptor (16). */
    TOO_SHORT,
    /** len8*8 differs from the number of packet bytes given. */
    LENGTH_MISMATCH,
    /** offset8 below 2, or below 3 for transfer-page and GPA-direct packets (vmbus-core.md §7.3). */
    OFFSET_TOO_SMALL,
    /** offset8 greater than len8. */
    OFFSET_BEYOND_LENGTH,
    /** A flag bit other than COMPLETION_REQUESTED is set. */
    UNKNOWN_FLAGS,
    /** The packet type has no codec (only 0x6, 0x7, 0x9 and 0xB are decoded). */
    UNSUPPORTED_TYPE,
    /** A range count that is zero where forbidden or whose ranges do not fit in offset8*8 bytes. */
    BAD_RANGE_COUNT,
    /** A GPA range's byte_offset greater than 0xFFF. */
    BAD_BYTE_OFFSET,
    /** A GPA range's page numbers do not fit in offset8*8 bytes. */
    BAD_PFN_COUNT
}
