package org.hvref.ic.timesync;

import java.util.Objects;

/**
 * A decoded time-sync payload of either layout (devices-ic-input-video.md §4.1); fields the layout lacks are zero.
 *
 * @param layout          the layout
 * @param parentTime      {@code parenttime}: host UTC, 100 ns units since 1601 (u64 bits)
 * @param childTime       {@code childtime} (LEGACY only; guests do not fill it, ic §4.2)
 * @param roundTripTime   {@code roundtriptime} (LEGACY only)
 * @param vmReferenceTime {@code vmreferencetime}: partition reference counter, 100 ns (REFERENCE only)
 * @param flags           {@code flags} u8 ({@link TimeSyncFlags})
 * @param leapFlags       {@code leapflags} u8 (REFERENCE only)
 * @param stratum         {@code stratum} u8 (REFERENCE only)
 */
public record TimeSyncMessage(TimeSyncLayout layout, long parentTime, long childTime, long roundTripTime,
                              long vmReferenceTime, int flags, int leapFlags, int stratum) {
    /** Checks the u8 fields and that fields outside the layout are zero. */
    public TimeSyncMessage {
        Objects.requireNonNull(layout, "layout");
        checkU8("flags", flags);
        checkU8("leapflags", leapFlags);
        checkU8("stratum", stratum);
        if (layout == TimeSyncLayout.LEGACY && (vmReferenceTime != 0 || leapFlags != 0 || stratum != 0)) {
            throw new IllegalArgumentException("legacy time sync: vmreferencetime/leapflags/stratum set (expected: 0)");
        }
        if (layout == TimeSyncLayout.REFERENCE && (childTime != 0 || roundTripTime != 0)) {
            throw new IllegalArgumentException("4.0 time sync: childtime/roundtriptime set (expected: 0)");
        }
    }

    /**
     * @param parentTime 100 ns since 1601
     * @param flags      flags
     * @return an old-layout message with childtime and roundtriptime zero
     */
    public static TimeSyncMessage legacy(long parentTime, int flags) {
        return new TimeSyncMessage(TimeSyncLayout.LEGACY, parentTime, 0, 0, 0, flags, 0, 0);
    }

    /**
     * @param parentTime      100 ns since 1601
     * @param vmReferenceTime the reference counter when the sample was taken
     * @param flags           flags
     * @return a 4.0-layout message with leapflags and stratum zero
     */
    public static TimeSyncMessage reference(long parentTime, long vmReferenceTime, int flags) {
        return new TimeSyncMessage(TimeSyncLayout.REFERENCE, parentTime, 0, 0, vmReferenceTime, flags, 0, 0);
    }

    private static void checkU8(String what, int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + ": " + v + " (expected: u8)");
        }
    }
}
