package org.hvref.channel.guest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlBodyDescriptor;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlHeaderDescriptor;
import org.hvref.ring.GpaRange;

/**
 * Splits a GPADL's range buffer into one GPADL_HEADER and GPADL_BODY fragments (vmbus-core.md §2.2 "Maximum PFNs
 * per message", §5 "Fragmentation"): the range buffer is, per range, one u64 {byte_count u32, byte_offset u32} and
 * its PFNs; the header carries the first {@value GpadlHeaderDescriptor#MAX_VALUES} values (one range header + 26
 * PFNs), each body the next {@value GpadlBodyDescriptor#MAX_PFNS}.
 *
 * @param header the header
 * @param bodies the body fragments, in order (empty if the header holds everything)
 */
public record GpadlFragments(GpadlHeader header, List<GpadlBody> bodies) {
    /** Most u64 values in one GPADL: range_buflen is a u16 (vmbus-core.md §2.2: 8191 values). */
    public static final int MAX_VALUES = 0xFFFF / 8;

    /** Copies the body list. */
    public GpadlFragments {
        Objects.requireNonNull(header, "header");
        bodies = List.copyOf(bodies);
    }

    /**
     * Splits a GPADL.
     *
     * @param relid  the channel
     * @param handle the GPADL handle
     * @param ranges at least one range
     * @return the fragments
     * @throws IllegalArgumentException if there are no ranges or the range buffer exceeds {@link #MAX_VALUES} values
     */
    public static GpadlFragments of(int relid, int handle, List<GpaRange> ranges) {
        Objects.requireNonNull(ranges, "ranges");
        if (ranges.isEmpty() || ranges.size() > 0xFFFF) {
            throw new IllegalArgumentException("gpadl ranges: " + ranges.size() + " (expected: 1..65535)");
        }
        List<Long> values = new ArrayList<>();
        for (GpaRange range : ranges) {
            values.add((range.byteCount() & 0xFFFFFFFFL) | (range.byteOffset() << 32));
            for (long pfn : range.pfns()) {
                values.add(pfn);
            }
        }
        if (values.size() > MAX_VALUES) {
            throw new IllegalArgumentException("gpadl range buffer: " + values.size() + " values (expected: <= "
                    + MAX_VALUES + ", range_buflen is a u16)");
        }
        int inHeader = Math.min(values.size(), GpadlHeaderDescriptor.MAX_VALUES);
        GpadlHeader header = new GpadlHeader(relid, handle, values.size() * 8, ranges.size(),
                values.subList(0, inHeader));
        List<GpadlBody> bodies = new ArrayList<>();
        for (int at = inHeader; at < values.size(); at += GpadlBodyDescriptor.MAX_PFNS) {
            int end = Math.min(values.size(), at + GpadlBodyDescriptor.MAX_PFNS);
            bodies.add(new GpadlBody(0, handle, values.subList(at, end)));
        }
        return new GpadlFragments(header, bodies);
    }

    /**
     * One range over whole pages: byte_offset 0, byte_count {@code pfns.length * 4096} (what Linux and OpenVMM send,
     * vmbus-core.md §5).
     *
     * @param pfns page numbers, at least one
     * @return the range
     */
    public static GpaRange pages(long[] pfns) {
        Objects.requireNonNull(pfns, "pfns");
        if (pfns.length == 0 || pfns.length > MAX_VALUES - 1) {
            throw new IllegalArgumentException("gpadl pages: " + pfns.length + " (expected: 1.." + (MAX_VALUES - 1) + ")");
        }
        return new GpaRange((long) pfns.length * GpaRange.PAGE_SIZE, 0, Arrays.copyOf(pfns, pfns.length));
    }
}
