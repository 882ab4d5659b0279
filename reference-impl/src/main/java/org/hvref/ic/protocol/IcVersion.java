package org.hvref.ic.protocol;

/**
 * An IC framework or service message version: on the wire two little-endian u16, major at byte 0 and minor at byte 2
 * (devices-ic-input-video.md §0.1; LNX-H struct ic_version; OVMM hyperv_ic_protocol Version). Ordered by major, then
 * minor.
 *
 * @param major the major version, 0..65535
 * @param minor the minor version, 0..65535
 */
public record IcVersion(int major, int minor) implements Comparable<IcVersion> {
    /** Encoded length on the wire (ic §1.4: each entry {u16 major, u16 minor}). */
    public static final int LENGTH = 4;

    /** Version 1.0 (ic §1.5: WS2008 framework and service lists). */
    public static final IcVersion V1_0 = new IcVersion(1, 0);
    /** Version 1.1 (ic §1.5: fcopy). */
    public static final IcVersion V1_1 = new IcVersion(1, 1);
    /** Version 3.0 (ic §1.5: framework UTIL_FW_VERSION and most services). */
    public static final IcVersion V3_0 = new IcVersion(3, 0);
    /** Version 3.1 (ic §1.5: shutdown). */
    public static final IcVersion V3_1 = new IcVersion(3, 1);
    /** Version 3.2 (ic §1.5: shutdown). */
    public static final IcVersion V3_2 = new IcVersion(3, 2);
    /** Version 4.0 (ic §1.5: timesync, KVP). */
    public static final IcVersion V4_0 = new IcVersion(4, 0);
    /** Version 5.0 (ic §1.5: KVP host offer, VSS). */
    public static final IcVersion V5_0 = new IcVersion(5, 0);

    /** Checks both halves fit a u16. */
    public IcVersion {
        if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
            throw new IllegalArgumentException("ic version: " + major + "." + minor + " (expected: u16.u16)");
        }
    }

    /**
     * The version from the 32-bit little-endian word as it sits on the wire (major in the low half, minor in the high).
     *
     * @param wire the u32 read at the version's offset
     * @return the version
     */
    public static IcVersion fromWire(int wire) {
        return new IcVersion(wire & 0xFFFF, wire >>> 16);
    }

    /** @return the u32 whose little-endian bytes are this version on the wire (minor &lt;&lt; 16 | major) */
    public int toWire() {
        return (minor << 16) | major;
    }

    /**
     * The Linux-internal encoding {@code (major << 16) | minor} (ic §0.1 "Linux internal int"); also the number trace
     * events carry for a version (ic/CONTRACT-IcNegotiation.md).
     *
     * @return the encoded version
     */
    public int toLinuxInt() {
        return (major << 16) | minor;
    }

    @Override
    public int compareTo(IcVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
