package org.hvref.storage.protocol;

import java.util.List;
import org.hvref.wire.FieldRange;

/**
 * A VSTOR protocol version, u16 = (major &amp; 0xff) &lt;&lt; 8 | (minor &amp; 0xff) (devices-net-storage-pci.md §3.1;
 * L-STOR {@code VMSTOR_PROTO_VERSION}).
 *
 * <p>Disagreement (§3.1): current Linux offers 6.2, 6.0, 5.1 ({@link #LINUX_OFFERS}); the openvmm VSP accepts only
 * 2.0, 4.2, 5.1 and 6.0 ({@link #OPENVMM_ACCEPTS}), so the two settle on 6.0.
 *
 * @param value the u16 wire value
 */
public record VstorProtocolVersion(int value) implements Comparable<VstorProtocolVersion> {
    /** 2.0, Server 2008, pre-Win8 form (§3.1; L-STOR VMSTOR_PROTO_VERSION_WIN6, OVMM-STOR VERSION_WIN6). */
    public static final VstorProtocolVersion WIN6 = new VstorProtocolVersion(0x0200);
    /** 4.2, pre-Win8 form (§3.1; L-STOR VMSTOR_PROTO_VERSION_WIN7, OVMM-STOR VERSION_WIN7). */
    public static final VstorProtocolVersion WIN7 = new VstorProtocolVersion(0x0402);
    /** 5.1, first Win8+ form, multi-channel (§3.1; L-STOR VMSTOR_PROTO_VERSION_WIN8, OVMM-STOR VERSION_WIN8). */
    public static final VstorProtocolVersion WIN8 = new VstorProtocolVersion(0x0501);
    /** 6.0, "BLUE" (§3.1; L-STOR VMSTOR_PROTO_VERSION_WIN8_1, OVMM-STOR VERSION_BLUE). */
    public static final VstorProtocolVersion WIN8_1 = new VstorProtocolVersion(0x0600);
    /** 6.2, "THRESHOLD" (§3.1; L-STOR VMSTOR_PROTO_VERSION_WIN10, OVMM-STOR VERSION_THRESHOLD, not accepted). */
    public static final VstorProtocolVersion WIN10 = new VstorProtocolVersion(0x0602);
    /** 10.0, only in a posted (unmerged) Linux patch (§3.1; L-STOR patch VMSTOR_PROTO_VERSION_WIN10_1). */
    public static final VstorProtocolVersion WIN10_1 = new VstorProtocolVersion(0x0A00);

    /** What current Linux offers, newest first (§3.1, §3.4; L-STOR {@code protocol_version[]}). */
    public static final List<VstorProtocolVersion> LINUX_OFFERS = List.of(WIN10, WIN8_1, WIN8);
    /** What the openvmm VSP accepts (§3.1; OVMM-STOR {@code Version::parse}). */
    public static final List<VstorProtocolVersion> OPENVMM_ACCEPTS = List.of(WIN6, WIN7, WIN8, WIN8_1);

    /** Validates the u16. */
    public VstorProtocolVersion {
        FieldRange.u16("vstor protocol version", value);
    }

    /**
     * @param major major number, 0..255
     * @param minor minor number, 0..255
     * @return the version
     */
    public static VstorProtocolVersion of(int major, int minor) {
        return new VstorProtocolVersion(FieldRange.u8("major", major) << 8 | FieldRange.u8("minor", minor));
    }

    /** @return the high byte */
    public int major() {
        return value >>> 8;
    }

    /** @return the low byte */
    public int minor() {
        return value & 0xFF;
    }

    /**
     * @param other a version
     * @return whether this is the same or newer
     */
    public boolean isAtLeast(VstorProtocolVersion other) {
        return value >= other.value;
    }

    /** @return the packet form this version uses (Win8+ from 5.1, §3.1) */
    public VstorPacketForm form() {
        return isAtLeast(WIN8) ? VstorPacketForm.WIN8 : VstorPacketForm.PRE_WIN8;
    }

    @Override
    public int compareTo(VstorProtocolVersion o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return major() + "." + minor();
    }
}
