package org.hvref.channel.protocol;

/**
 * VMBus protocol versions, oldest first, encoded {@code (major << 16) | minor} (vmbus-core.md §3; LNX-H
 * {@code VERSION_*}, OVMM {@code Version}, MSVM {@code VMBUS_MAKE_VERSION}).
 */
public enum ProtocolVersion {
    /** 0.13, Server 2008 (vmbus-core.md §3: 0x0000000D, LNX-H VERSION_WS2008). */
    WS2008(0, 13),
    /** 1.1, Win7 / 2008 R2 (vmbus-core.md §3: 0x00010001, LNX-H VERSION_WIN7). */
    WIN7(1, 1),
    /** 2.4, Win8 / 2012 (vmbus-core.md §3: 0x00020004, LNX-H VERSION_WIN8). */
    WIN8(2, 4),
    /** 3.0, Win8.1 / 2012 R2 (vmbus-core.md §3: 0x00030000, LNX-H VERSION_WIN8_1). */
    WIN8_1(3, 0),
    /** 4.0, Win10 (vmbus-core.md §3: 0x00040000, LNX-H VERSION_WIN10). */
    WIN10(4, 0),
    /** 4.1, RS3 (vmbus-core.md §3: 0x00040001, LNX-H VERSION_WIN10_V4_1). */
    WIN10_V4_1(4, 1),
    /** 5.0 (vmbus-core.md §3: 0x00050000, LNX-H VERSION_WIN10_V5). */
    WIN10_V5(5, 0),
    /** 5.1, RS4 (vmbus-core.md §3: 0x00050001, LNX-H VERSION_WIN10_V5_1). */
    WIN10_V5_1(5, 1),
    /** 5.2, Server 2019 (vmbus-core.md §3: 0x00050002, LNX-H VERSION_WIN10_V5_2). */
    WIN10_V5_2(5, 2),
    /** 5.3, Server 2022 "Iron" (vmbus-core.md §3: 0x00050003, LNX-H VERSION_WIN10_V5_3). */
    WIN10_V5_3(5, 3),
    /** 6.0 "Copper" (vmbus-core.md §3: 0x00060000, OVMM Version::Copper; not in Linux). */
    COPPER(6, 0);

    private final int code;

    ProtocolVersion(int major, int minor) {
        this.code = (major << 16) | minor;
    }

    /** @return the wire value {@code (major << 16) | minor} */
    public int code() {
        return code;
    }

    /** @return the major version (high 16 bits) */
    public int major() {
        return code >>> 16;
    }

    /** @return the minor version (low 16 bits) */
    public int minor() {
        return code & 0xFFFF;
    }

    /**
     * @param other the version to compare with
     * @return whether this version is {@code other} or newer
     */
    public boolean isAtLeast(ProtocolVersion other) {
        return compareTo(other) >= 0;
    }

    /**
     * The version with this wire value.
     *
     * @param code wire value
     * @return the version
     * @throws IllegalArgumentException if no version has this value
     */
    public static ProtocolVersion fromCode(int code) {
        for (ProtocolVersion v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException(String.format("protocol version: 0x%08x (expected: one of §3)", code));
    }

    /** @return the newest version (vmbus-core.md §3) */
    public static ProtocolVersion newest() {
        return COPPER;
    }

    @Override
    public String toString() {
        return name() + "(" + major() + "." + minor() + ")";
    }
}
