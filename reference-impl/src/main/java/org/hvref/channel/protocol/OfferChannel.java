package org.hvref.channel.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * Type 1, one offer per channel (vmbus-core.md §2.2 OFFERCHANNEL; layout {@link OfferChannelDescriptor}). Reserved
 * and disputed fields (§11 items 1–2) are kept raw so nothing is lost.
 *
 * @param interfaceType        device class GUID (§9)
 * @param interfaceInstance    instance GUID
 * @param reserved1            u64 @40 (historically interrupt latency)
 * @param reserved2            u64 @48 (historically interface revision and server context size)
 * @param flags                u16 channel flags (§2.3), raw
 * @param mmioMegabytes        u16 MMIO space wanted, MiB
 * @param userDefined          the 120-byte user-defined area
 * @param subChannelIndex      u16, 0 = primary
 * @param mmioMegabytesOptional u16 @182 (reserved3 in Linux)
 * @param childRelid           channel id, at least 1
 * @param monitorId            u8 monitor id (0xFF = none)
 * @param monitorFlags         u8 @189: bit0 monitor_allocated, other bits reserved (must be 0)
 * @param interruptFlags       u16 @190: bit0 is_dedicated_interrupt, other bits reserved (must be 0); 1.1+ only
 * @param connectionId         u32 @192, guest-to-host signalling connection id; 1.1+ only
 */
public record OfferChannel(UUID interfaceType, UUID interfaceInstance, long reserved1, long reserved2, int flags,
        int mmioMegabytes, OpaqueBytes userDefined, int subChannelIndex, int mmioMegabytesOptional, int childRelid,
        int monitorId, int monitorFlags, int interruptFlags, int connectionId) implements ChannelMessage {

    /** Validates. */
    public OfferChannel {
        Objects.requireNonNull(interfaceType, "interfaceType");
        Objects.requireNonNull(interfaceInstance, "interfaceInstance");
        Checks.u16("offer flags", flags);
        Checks.u16("offer mmio megabytes", mmioMegabytes);
        Checks.length("offer user-defined area", userDefined, OfferChannelDescriptor.USER_DEFINED_LENGTH);
        Checks.u16("offer sub-channel index", subChannelIndex);
        Checks.u16("offer optional mmio megabytes", mmioMegabytesOptional);
        Checks.check(childRelid != 0, "offer child relid: 0 (expected: >= 1)");
        Checks.u8("offer monitor id", monitorId);
        Checks.check((Checks.u8("offer monitor flags", monitorFlags) & ~1) == 0,
                "offer monitor flags: " + monitorFlags + " (expected: 0 or 1)");
        Checks.check((Checks.u16("offer interrupt flags", interruptFlags) & ~1) == 0,
                "offer interrupt flags: " + interruptFlags + " (expected: 0 or 1)");
    }

    /** @return bit0 of byte 189 */
    public boolean monitorAllocated() {
        return (monitorFlags & 1) != 0;
    }

    /** @return bit0 of the u16 at 190 (Win7+) */
    public boolean dedicatedInterrupt() {
        return (interruptFlags & 1) != 0;
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OFFERCHANNEL;
    }
}
