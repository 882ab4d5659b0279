package org.hvref.ring;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * VM_PKT_DATA_USING_GPA_DIRECT (0x9), vmbus-core.md §7.3; LNX-H {@code vmdata_gpa_direct}: reserved u32 @16,
 * range_cnt u32 @20 (≠ 0), variable-size {@link GpaRange}s from @24, payload at offset8*8.
 *
 * @param flags         descriptor flags (Linux always sets COMPLETION_REQUESTED on GPA-direct, §7.3)
 * @param transactionId transaction id
 * @param ranges        the ranges, at least one (copied)
 * @param payload       bytes after the ranges, from offset8*8 (copied)
 */
public record GpaDirectPacket(int flags, long transactionId, List<GpaRange> ranges, byte[] payload)
    implements VmbusPacket {
    /** Offset of the reserved u32, ignored when decoding (vmbus-core.md §7.3: "may have garbage"). */
    public static final int RESERVED_OFFSET = 16;
    /** Offset of range_cnt, u32 (vmbus-core.md §7.3). */
    public static final int RANGE_COUNT_OFFSET = 20;
    /** Offset of the first range (vmbus-core.md §7.3). */
    public static final int RANGES_OFFSET = 24;
    /** Smallest offset8 of this type: a 24-byte header (vmbus-core.md §7.3, OVMM commit 4386c390b). */
    public static final int MIN_OFFSET8 = RANGES_OFFSET / PacketDescriptor.ALIGNMENT;

    /** Validates flags and the range count and copies the ranges and payload. */
    public GpaDirectPacket {
        PacketChecks.flags(flags);
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("range count: 0 (expected: >= 1)");
        }
        payload = PacketChecks.copy("payload", payload);
    }

    @Override
    public PacketType type() {
        return PacketType.DATA_USING_GPA_DIRECT;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GpaDirectPacket)) {
            return false;
        }
        GpaDirectPacket p = (GpaDirectPacket) o;
        return p.flags == flags && p.transactionId == transactionId && p.ranges.equals(ranges)
            && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, transactionId, ranges, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "GpaDirectPacket[flags=" + flags + ", transactionId=" + Long.toUnsignedString(transactionId)
            + ", ranges=" + ranges + ", payload=" + PacketChecks.abbreviatedHex(payload) + "]";
    }
}
