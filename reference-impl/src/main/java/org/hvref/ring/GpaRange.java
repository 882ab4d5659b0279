package org.hvref.ring;

import java.util.Arrays;
import java.util.Objects;

/**
 * One range of a GPA-direct packet (vmbus-core.md §7.3; LNX-H {@code gpa_range}): byte_count u32 @0, byte_offset
 * u32 @4 (offset into the first page), then {@code ceil((byte_offset + byte_count) / 4096)} u64 page numbers.
 *
 * @param byteCount  number of bytes (u32)
 * @param byteOffset offset into the first page, 0..0xFFF
 * @param pfns       guest page frame numbers (copied), exactly {@link #pfnCount(long, long)} of them
 */
public record GpaRange(long byteCount, long byteOffset, long[] pfns) {
    /** Length of the fixed part of a range (byte_count + byte_offset). */
    public static final int HEADER_LENGTH = 8;
    /** Length of one page number (u64). */
    public static final int PFN_LENGTH = 8;
    /** Largest byte_offset: the offset lies inside the first 4 KiB page (vmbus-core.md §7.3). */
    public static final int MAX_BYTE_OFFSET = 0xFFF;
    /** Page size the page count is computed with (vmbus-core.md §7.3: ceil((byte_offset + byte_count)/4096)). */
    public static final int PAGE_SIZE = 4096;

    /** Validates the values and the number of page numbers, and copies them. */
    public GpaRange {
        PacketChecks.u32("byte count", byteCount);
        if (byteOffset < 0 || byteOffset > MAX_BYTE_OFFSET) {
            throw new IllegalArgumentException("byte offset: " + byteOffset + " (expected: 0..4095)");
        }
        Objects.requireNonNull(pfns, "pfns");
        long expected = pfnCount(byteCount, byteOffset);
        if (pfns.length != expected) {
            throw new IllegalArgumentException("pfn count: " + pfns.length + " (expected: " + expected
                + " = ceil((byte_offset + byte_count) / 4096))");
        }
        pfns = pfns.clone();
    }

    /**
     * Number of page numbers a range carries.
     *
     * @param byteCount  byte_count
     * @param byteOffset byte_offset
     * @return {@code ceil((byteOffset + byteCount) / 4096)}
     */
    public static long pfnCount(long byteCount, long byteOffset) {
        return (byteOffset + byteCount + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    /** @return a copy of the page numbers */
    @Override
    public long[] pfns() {
        return pfns.clone();
    }

    /** @return encoded length of this range: 8 + 8 * pfn count */
    public int encodedLength() {
        return HEADER_LENGTH + PFN_LENGTH * pfns.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GpaRange && ((GpaRange) o).byteCount == byteCount
            && ((GpaRange) o).byteOffset == byteOffset && Arrays.equals(((GpaRange) o).pfns, pfns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byteCount, byteOffset, Arrays.hashCode(pfns));
    }

    @Override
    public String toString() {
        return "GpaRange[byteCount=" + byteCount + ", byteOffset=" + byteOffset + ", pfns=" + Arrays.toString(pfns)
            + "]";
    }
}
