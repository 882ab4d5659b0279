package org.hvref.channel.host;

import java.util.Objects;
import java.util.UUID;
import org.hvref.channel.protocol.OfferChannelDescriptor;
import org.hvref.channel.protocol.OpaqueBytes;

/**
 * The offer parameters of one channel (vmbus-core.md §2.2 OFFERCHANNEL, §8 sub-channels).
 *
 * @param interfaceType     device class GUID (§9)
 * @param interfaceInstance instance GUID; sub-channels share their primary's type and instance
 * @param mmioMegabytes     u16 MMIO space wanted, MiB
 * @param subChannelIndex   u16, 0 = primary (§8)
 * @param flags             u16 offer flags (§2.3); 0x2/0x4 are sent only with feature 0x10, 0x8 only with 0x80
 * @param userDefined       the 120-byte user-defined area
 * @param monitorId         u8 monitor id, 0xFF = none (OVMM)
 * @param monitorAllocated  offer byte 189 bit 0
 * @param connectionId      guest→host signal connection id (Win7+); 0 = derive OVMM's {@code relid | 2 << 12}
 *                          (vmbus-core.md §1.5 "OVMM per-channel connection id")
 */
public record HostChannelConfig(UUID interfaceType, UUID interfaceInstance, int mmioMegabytes, int subChannelIndex,
        int flags, OpaqueBytes userDefined, int monitorId, boolean monitorAllocated, int connectionId) {

    /** "No monitor id" (vmbus-core.md §2.2 offer byte 188: 0xFF = none in OVMM). */
    public static final int NO_MONITOR = 0xFF;

    /** Validates. */
    public HostChannelConfig {
        Objects.requireNonNull(interfaceType, "interfaceType");
        Objects.requireNonNull(interfaceInstance, "interfaceInstance");
        Objects.requireNonNull(userDefined, "userDefined");
        check("mmio megabytes", mmioMegabytes, 0xFFFF);
        check("sub-channel index", subChannelIndex, 0xFFFF);
        check("offer flags", flags, 0xFFFF);
        check("monitor id", monitorId, 0xFF);
        if (userDefined.length() != OfferChannelDescriptor.USER_DEFINED_LENGTH) {
            throw new IllegalArgumentException("user-defined area: " + userDefined.length() + " bytes (expected: "
                    + OfferChannelDescriptor.USER_DEFINED_LENGTH + ")");
        }
    }

    private static void check(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0.." + max + ")");
        }
    }

    /**
     * @param interfaceType     device class GUID
     * @param interfaceInstance instance GUID
     * @return a primary channel with no MMIO, flags, user data or monitor, and the derived connection id
     */
    public static HostChannelConfig of(UUID interfaceType, UUID interfaceInstance) {
        return new HostChannelConfig(interfaceType, interfaceInstance, 0, 0, 0,
                OpaqueBytes.zeros(OfferChannelDescriptor.USER_DEFINED_LENGTH), NO_MONITOR, false, 0);
    }

    /**
     * @param index sub-channel index, at least 1
     * @return a sub-channel of this channel's device
     */
    public HostChannelConfig subChannel(int index) {
        return new HostChannelConfig(interfaceType, interfaceInstance, mmioMegabytes, index, flags, userDefined,
                NO_MONITOR, false, 0);
    }

    /**
     * @param newFlags offer flags
     * @return a copy with those flags
     */
    public HostChannelConfig withFlags(int newFlags) {
        return new HostChannelConfig(interfaceType, interfaceInstance, mmioMegabytes, subChannelIndex, newFlags,
                userDefined, monitorId, monitorAllocated, connectionId);
    }

    /**
     * @param bytes 120 bytes
     * @return a copy with that user-defined area
     */
    public HostChannelConfig withUserDefined(OpaqueBytes bytes) {
        return new HostChannelConfig(interfaceType, interfaceInstance, mmioMegabytes, subChannelIndex, flags, bytes,
                monitorId, monitorAllocated, connectionId);
    }

    /**
     * @param id monitor id (0..127)
     * @return a copy with that monitor id allocated
     */
    public HostChannelConfig withMonitor(int id) {
        return new HostChannelConfig(interfaceType, interfaceInstance, mmioMegabytes, subChannelIndex, flags,
                userDefined, id, true, connectionId);
    }

    /**
     * @param megabytes MMIO MiB
     * @return a copy with that MMIO size
     */
    public HostChannelConfig withMmioMegabytes(int megabytes) {
        return new HostChannelConfig(interfaceType, interfaceInstance, megabytes, subChannelIndex, flags,
                userDefined, monitorId, monitorAllocated, connectionId);
    }

    /**
     * @param id guest→host connection id
     * @return a copy with that connection id
     */
    public HostChannelConfig withConnectionId(int id) {
        return new HostChannelConfig(interfaceType, interfaceInstance, mmioMegabytes, subChannelIndex, flags,
                userDefined, monitorId, monitorAllocated, id);
    }

    /**
     * @param relid the relid assigned to the channel
     * @return the connection id written into the offer
     */
    public int connectionIdFor(int relid) {
        return connectionId != 0 ? connectionId : relid | (2 << 12);
    }
}
