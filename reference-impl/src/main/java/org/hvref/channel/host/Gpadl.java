package org.hvref.channel.host;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A GPADL the host accepted (vmbus-core.md §5): the guest-chosen handle, its channel and its ranges.
 *
 * @param handle the guest-chosen handle
 * @param relid  the channel the GPADL was created for
 * @param ranges the ranges, at least one
 */
public record Gpadl(int handle, int relid, List<Range> ranges) {

    /**
     * One GPA range: {@code byteCount} bytes starting {@code byteOffset} bytes into the first of its pages.
     *
     * @param byteOffset offset into the first page, 0..4095
     * @param byteCount  bytes, at least 1
     * @param pfns       the pages, {@code ceil((byteOffset + byteCount) / 4096)} of them
     */
    public record Range(int byteOffset, int byteCount, long[] pfns) {
        /** Validates and copies. */
        public Range {
            pfns = pfns.clone();
            if (byteOffset < 0 || byteOffset > 0xFFF || byteCount == 0
                    || pfns.length != (int) ((byteOffset + (byteCount & 0xFFFFFFFFL) + 4095) / 4096)) {
                throw new IllegalArgumentException("gpadl range: offset=" + byteOffset + " count="
                        + Integer.toUnsignedString(byteCount) + " pfns=" + pfns.length
                        + " (expected: offset <= 4095, count >= 1, pfns = ceil((offset + count) / 4096))");
            }
        }

        @Override
        public long[] pfns() {
            return pfns.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Range r && r.byteOffset == byteOffset && r.byteCount == byteCount
                    && Arrays.equals(r.pfns, pfns);
        }

        @Override
        public int hashCode() {
            return Objects.hash(byteOffset, byteCount, Arrays.hashCode(pfns));
        }

        @Override
        public String toString() {
            return "Range[offset=" + byteOffset + ", count=" + Integer.toUnsignedString(byteCount) + ", pfns="
                    + Arrays.toString(pfns) + "]";
        }
    }

    /** Validates and copies. */
    public Gpadl {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("gpadl ranges: 0 (expected: >= 1)");
        }
    }

    /** @return whether this GPADL can hold a ring pair: one range, offset 0, a whole number of pages (§5) */
    public boolean isPageAligned() {
        Range r = ranges.get(0);
        return ranges.size() == 1 && r.byteOffset() == 0 && (r.byteCount() & 0xFFF) == 0;
    }
}
