package org.hvref.ic.timesync;

/**
 * Layouts of the two time-sync payloads after the 28-byte IC header (devices-ic-input-video.md §4.1; L-hyperv.h
 * struct ictimesync_data / ictimesync_ref_data, both packed; MHV VMBusICMessageTimeSyncData / ...RefData). Offsets
 * relative to the payload; add {@link #PACKET_OFFSET} for the packet offsets of §4.1.
 *
 * <pre>
 *   message version &lt; 4.0 (ictimesync_data), 25 bytes:
 *   0            8            16               24      25
 *   +------------+------------+----------------+-------+
 *   | parenttime | childtime  | roundtriptime  | flags |
 *   | u64        | u64        | u64            | u8    |
 *   +------------+------------+----------------+-------+
 *
 *   message version 4.0 (ictimesync_ref_data), 22 bytes:
 *   0            8                 16      17          18        19            22
 *   +------------+-----------------+-------+-----------+---------+-------------+
 *   | parenttime | vmreferencetime | flags | leapflags | stratum | reserved[3] |
 *   | u64        | u64             | u8    | u8        | u8      | u8 x 3      |
 *   +------------+-----------------+-------+-----------+---------+-------------+
 * </pre>
 */
public final class TimeSyncDescriptor {
    /** Where the payload starts in the packet (ic §1.2). */
    public static final int PACKET_OFFSET = 28;
    /** Offset of {@code parenttime} u64 in both layouts (ic §4.1: packet offset 28). */
    public static final int PARENT_TIME_OFFSET = 0;
    /** Offset of {@code childtime} u64, old layout (ic §4.1: packet offset 36). */
    public static final int CHILD_TIME_OFFSET = 8;
    /** Offset of {@code roundtriptime} u64, old layout (ic §4.1: packet offset 44). */
    public static final int ROUND_TRIP_TIME_OFFSET = 16;
    /** Offset of {@code flags} u8, old layout (ic §4.1: packet offset 52). */
    public static final int LEGACY_FLAGS_OFFSET = 24;
    /** Length of the old layout: 25 bytes (ic §4.1: packet bytes 28..52). */
    public static final int LEGACY_LENGTH = 25;
    /** Offset of {@code vmreferencetime} u64, 4.0 layout (ic §4.1: packet offset 36). */
    public static final int VM_REFERENCE_TIME_OFFSET = 8;
    /** Offset of {@code flags} u8, 4.0 layout (ic §4.1: packet offset 44). */
    public static final int REF_FLAGS_OFFSET = 16;
    /** Offset of {@code leapflags} u8, 4.0 layout (ic §4.1: packet offset 45). */
    public static final int LEAP_FLAGS_OFFSET = 17;
    /** Offset of {@code stratum} u8, 4.0 layout (ic §4.1: packet offset 46). */
    public static final int STRATUM_OFFSET = 18;
    /** Offset of {@code reserved} u8[3], 4.0 layout (ic §4.1: packet offsets 47..49). */
    public static final int RESERVED_OFFSET = 19;
    /** Length of {@code reserved}. */
    public static final int RESERVED_LENGTH = 3;
    /** Length of the 4.0 layout: 22 bytes (ic §4.1: packet bytes 28..49). */
    public static final int REF_LENGTH = RESERVED_OFFSET + RESERVED_LENGTH;

    private TimeSyncDescriptor() {
    }
}
