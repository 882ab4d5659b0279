package org.hvref.ic.timesync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes the time-sync payloads (devices-ic-input-video.md §4.1; layout {@link TimeSyncDescriptor}) and
 * converts host times (100 ns since 1601) to and from nanoseconds since 1970.
 */
public final class TimeSyncMessageCodec {
    /** WLTIMEDELTA: 100 ns units from 1601-01-01 to 1970-01-01 (ic §4.1; L-hyperv.h; MHV kHyperVTimeSyncTimeBase). */
    public static final long WLTIMEDELTA = 116444736000000000L;
    /** Nanoseconds per {@code parenttime} unit (ic §4.1: 100 ns units). */
    public static final long NANOS_PER_UNIT = 100;

    private TimeSyncMessageCodec() {
    }

    /**
     * @param message the message
     * @return its payload bytes (25 or 22), little-endian
     */
    public static byte[] encode(TimeSyncMessage message) {
        ByteBuffer b = ByteBuffer.allocate(message.layout().length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(TimeSyncDescriptor.PARENT_TIME_OFFSET, message.parentTime());
        if (message.layout() == TimeSyncLayout.LEGACY) {
            b.putLong(TimeSyncDescriptor.CHILD_TIME_OFFSET, message.childTime());
            b.putLong(TimeSyncDescriptor.ROUND_TRIP_TIME_OFFSET, message.roundTripTime());
            b.put(TimeSyncDescriptor.LEGACY_FLAGS_OFFSET, (byte) message.flags());
        } else {
            b.putLong(TimeSyncDescriptor.VM_REFERENCE_TIME_OFFSET, message.vmReferenceTime());
            b.put(TimeSyncDescriptor.REF_FLAGS_OFFSET, (byte) message.flags());
            b.put(TimeSyncDescriptor.LEAP_FLAGS_OFFSET, (byte) message.leapFlags());
            b.put(TimeSyncDescriptor.STRATUM_OFFSET, (byte) message.stratum());
        }
        return b.array();
    }

    /**
     * Decodes a payload of the given layout: at least the layout's length (more is ignored), flags within SYNC|SAMPLE;
     * the 4.0 reserved bytes are not checked (no source requires zeros).
     *
     * @param layout  the layout of the negotiated version
     * @param payload the payload bytes from position to limit; position and order are not changed
     * @return the message
     * @throws MalformedTimeSyncMessageException if a check fails
     */
    public static TimeSyncMessage decode(TimeSyncLayout layout, ByteBuffer payload) {
        ByteBuffer b = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < layout.length()) {
            throw new MalformedTimeSyncMessageException(TimeSyncMessageError.TOO_SHORT, "time sync payload ("
                    + layout + "): " + b.remaining() + " bytes (expected: >= " + layout.length() + ")");
        }
        long parent = b.getLong(TimeSyncDescriptor.PARENT_TIME_OFFSET);
        if (layout == TimeSyncLayout.LEGACY) {
            int flags = checkFlags(b.get(TimeSyncDescriptor.LEGACY_FLAGS_OFFSET) & 0xFF);
            return new TimeSyncMessage(layout, parent, b.getLong(TimeSyncDescriptor.CHILD_TIME_OFFSET),
                    b.getLong(TimeSyncDescriptor.ROUND_TRIP_TIME_OFFSET), 0, flags, 0, 0);
        }
        int flags = checkFlags(b.get(TimeSyncDescriptor.REF_FLAGS_OFFSET) & 0xFF);
        return new TimeSyncMessage(layout, parent, 0, 0, b.getLong(TimeSyncDescriptor.VM_REFERENCE_TIME_OFFSET), flags,
                b.get(TimeSyncDescriptor.LEAP_FLAGS_OFFSET) & 0xFF, b.get(TimeSyncDescriptor.STRATUM_OFFSET) & 0xFF);
    }

    /**
     * @param layout  the layout
     * @param payload the payload bytes
     * @return the message
     * @throws MalformedTimeSyncMessageException if a check fails
     */
    public static TimeSyncMessage decode(TimeSyncLayout layout, byte[] payload) {
        return decode(layout, ByteBuffer.wrap(payload));
    }

    private static int checkFlags(int flags) {
        if ((flags & ~TimeSyncFlags.KNOWN_MASK) != 0) {
            throw new MalformedTimeSyncMessageException(TimeSyncMessageError.UNKNOWN_FLAGS, "time sync flags: 0x"
                    + Integer.toHexString(flags) + " (expected: PROBE 0, SYNC 1, SAMPLE 2)");
        }
        return flags;
    }

    /**
     * Converts a host time to nanoseconds since 1970: (t − WLTIMEDELTA) × 100 (ic §4.1; L-util reftime_to_ns).
     *
     * @param hostTime 100 ns units since 1601, as unsigned 64 bits
     * @return nanoseconds since 1970
     * @throws MalformedTimeSyncMessageException if the time is before 1970 or past what a signed 64-bit nanosecond
     *                                           count holds (year 2262)
     */
    public static long toUnixNanos(long hostTime) {
        if (hostTime < WLTIMEDELTA) { // a negative long is an unsigned value above 2^63: far past 2262 as well
            throw new MalformedTimeSyncMessageException(TimeSyncMessageError.TIME_OUT_OF_RANGE, "parenttime: "
                    + Long.toUnsignedString(hostTime) + " (expected: " + WLTIMEDELTA + " (1970) to "
                    + (WLTIMEDELTA + Long.MAX_VALUE / NANOS_PER_UNIT) + ")");
        }
        long units = hostTime - WLTIMEDELTA;
        if (units > Long.MAX_VALUE / NANOS_PER_UNIT) {
            throw new MalformedTimeSyncMessageException(TimeSyncMessageError.TIME_OUT_OF_RANGE, "parenttime: "
                    + Long.toUnsignedString(hostTime) + " (expected: " + WLTIMEDELTA + " (1970) to "
                    + (WLTIMEDELTA + Long.MAX_VALUE / NANOS_PER_UNIT) + ")");
        }
        return units * NANOS_PER_UNIT;
    }

    /**
     * Converts nanoseconds since 1970 (not negative) to a host time, truncating to 100 ns (ic §4.1).
     *
     * @param unixNanos nanoseconds since 1970
     * @return 100 ns units since 1601
     */
    public static long toHostTime(long unixNanos) {
        if (unixNanos < 0) {
            throw new IllegalArgumentException("unix time: " + unixNanos + " ns (expected: >= 0)");
        }
        return WLTIMEDELTA + unixNanos / NANOS_PER_UNIT;
    }
}
