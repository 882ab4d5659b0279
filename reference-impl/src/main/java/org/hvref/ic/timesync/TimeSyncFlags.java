package org.hvref.ic.timesync;

/**
 * Values of the time-sync {@code flags} byte (devices-ic-input-video.md §4.1; L-hyperv.h ICTIMESYNCFLAG_*; MHV
 * kVMBusICTimeSyncFlags*; FBSD VMBUS_ICMSG_TS_FLAG_*).
 */
public final class TimeSyncFlags {
    /** ICTIMESYNCFLAG_PROBE 0: no bit set, nothing to do (ic §4.1, §4.2). */
    public static final int PROBE = 0;
    /** ICTIMESYNCFLAG_SYNC 1 (bit 0): step the clock (ic §4.1, §4.2). */
    public static final int SYNC = 1;
    /** ICTIMESYNCFLAG_SAMPLE 2 (bit 1): a periodic sample (ic §4.1, §4.2). */
    public static final int SAMPLE = 2;
    /** The bits any source defines; others are refused by the hvref guest (hardening, not in any source read). */
    public static final int KNOWN_MASK = SYNC | SAMPLE;

    private TimeSyncFlags() {
    }
}
