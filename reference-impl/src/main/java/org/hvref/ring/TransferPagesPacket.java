package org.hvref.ring;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * VM_PKT_DATA_USING_XFER_PAGES (0x7), vmbus-core.md §7.3; LNX-H {@code vmtransfer_page_packet_header}:
 * xfer_pageset_id u16 @16, sender_owns_set u8 @18, reserved u8 @19, range_cnt u32 @20, ranges @24, payload at
 * offset8*8.
 *
 * @param flags               descriptor flags (0 or {@link PacketDescriptor#FLAG_COMPLETION_REQUESTED})
 * @param transactionId       transaction id
 * @param transferPageSetId   xfer_pageset_id (u16)
 * @param senderOwnsSet       sender_owns_set (any non-zero byte decodes as true; encoded as 1)
 * @param ranges              the ranges (copied; may be empty)
 * @param payload             bytes after the header, from offset8*8 (copied)
 */
public record TransferPagesPacket(int flags, long transactionId, int transferPageSetId, boolean senderOwnsSet,
                                  List<TransferPageRange> ranges, byte[] payload) implements VmbusPacket {
    /** Offset of xfer_pageset_id, u16 (vmbus-core.md §7.3). */
    public static final int TRANSFER_PAGE_SET_ID_OFFSET = 16;
    /** Offset of sender_owns_set, u8 (vmbus-core.md §7.3). */
    public static final int SENDER_OWNS_SET_OFFSET = 18;
    /** Offset of the reserved byte, ignored when decoding (vmbus-core.md §7.3: "may have garbage"). */
    public static final int RESERVED_OFFSET = 19;
    /** Offset of range_cnt, u32 (vmbus-core.md §7.3). */
    public static final int RANGE_COUNT_OFFSET = 20;
    /** Offset of the first range (vmbus-core.md §7.3). */
    public static final int RANGES_OFFSET = 24;
    /** Smallest offset8 of this type: a 24-byte header (vmbus-core.md §7.3, OVMM commit 4386c390b). */
    public static final int MIN_OFFSET8 = RANGES_OFFSET / PacketDescriptor.ALIGNMENT;

    /** Validates flags and the u16 id and copies the ranges and payload. */
    public TransferPagesPacket {
        PacketChecks.flags(flags);
        if (transferPageSetId < 0 || transferPageSetId > 0xFFFF) {
            throw new IllegalArgumentException("transfer page set id: " + transferPageSetId
                + " (expected: 0..65535)");
        }
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        payload = PacketChecks.copy("payload", payload);
    }

    @Override
    public PacketType type() {
        return PacketType.DATA_USING_XFER_PAGES;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TransferPagesPacket)) {
            return false;
        }
        TransferPagesPacket p = (TransferPagesPacket) o;
        return p.flags == flags && p.transactionId == transactionId && p.transferPageSetId == transferPageSetId
            && p.senderOwnsSet == senderOwnsSet && p.ranges.equals(ranges) && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, transactionId, transferPageSetId, senderOwnsSet, ranges, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "TransferPagesPacket[flags=" + flags + ", transactionId=" + Long.toUnsignedString(transactionId)
            + ", transferPageSetId=" + transferPageSetId + ", senderOwnsSet=" + senderOwnsSet + ", ranges=" + ranges
            + ", payload=" + PacketChecks.abbreviatedHex(payload) + "]";
    }
}
