package org.hvref.channel.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Type 8, the first part of a GPADL's range buffer (vmbus-core.md §2.2 GPADL_HEADER, §5; layout
 * {@link GpadlHeaderDescriptor}). The range buffer is a sequence of u64 values: per range one value holding
 * {byte_count u32, byte_offset u32} followed by its PFNs; it may continue in {@link GpadlBody} messages.
 *
 * @param childRelid        channel id
 * @param gpadl             guest-chosen handle
 * @param rangeBufferLength u16 total bytes of the whole range buffer, header and bodies
 * @param rangeCount        u16 number of ranges
 * @param values            the u64 values of the range buffer carried by this message (1..27)
 */
public record GpadlHeader(int childRelid, int gpadl, int rangeBufferLength, int rangeCount, List<Long> values)
        implements ChannelMessage {

    /** Validates. */
    public GpadlHeader {
        Checks.u16("gpadl header range buffer length", rangeBufferLength);
        Checks.u16("gpadl header range count", rangeCount);
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        Checks.check(!values.isEmpty() && values.size() <= GpadlHeaderDescriptor.MAX_VALUES,
                "gpadl header: " + (values.size() - 1) + " pfns (expected: 0..."
                        + GpadlHeaderDescriptor.MAX_PFNS + " after one range header)");
        Checks.check(rangeBufferLength % 8 == 0 && rangeBufferLength >= values.size() * 8,
                "gpadl header range buffer length: " + rangeBufferLength + " (expected: multiple of 8, >= "
                        + values.size() * 8 + ")");
        Checks.check(rangeCount >= 1 && rangeCount <= rangeBufferLength / 16,
                "gpadl header range count: " + rangeCount + " (expected: 1.." + rangeBufferLength / 16
                        + ", each range at least 16 bytes)");
    }

    /** @return the byte_count of the first range (low half of value 0) */
    public int firstRangeByteCount() {
        return (int) (long) values.get(0);
    }

    /** @return the byte_offset of the first range (high half of value 0) */
    public int firstRangeByteOffset() {
        return (int) (values.get(0) >>> 32);
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.GPADL_HEADER;
    }
}
