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

    /**
     * Offer flag 0x2 as OpenVMM reads it, confidential_ring_buffer (vmbus-core.md §2.3; Linux reads the same bit as
     * SERVER_SUPPORTS_TRANSFER_PAGES): meaningful only with feature 0x10.
     */
    public static final int FLAG_CONFIDENTIAL_RING_BUFFER = 0x2;
    /** Offer flag 0x4 as OpenVMM reads it, confidential_external_memory (vmbus-core.md §2.3): needs feature 0x10. */
    public static final int FLAG_CONFIDENTIAL_EXTERNAL_MEMORY = 0x4;
    /** Offer flag 0x8, require_pinned_external_memory (vmbus-core.md §2.3; OVMM): needs feature 0x80. */
    public static final int FLAG_REQUIRE_PINNED_EXTERNAL_MEMORY = 0x8;

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

    /**
     * The offer flags as far as the negotiated features give them a meaning (vmbus-core.md §2.3: "expose the raw u16
     * and interpret 0x2/0x4/0x8 only when the matching Copper feature was negotiated"): 0x2 and 0x4 cleared without
     * feature 0x10, 0x8 without feature 0x80; {@link #flags()} stays the raw value.
     *
     * @param negotiated the connection's negotiated features
     * @return the flags to interpret
     */
    public int flagsWith(FeatureFlags negotiated) {
        int f = flags;
        if (!negotiated.confidentialChannels()) {
            f &= ~(FLAG_CONFIDENTIAL_RING_BUFFER | FLAG_CONFIDENTIAL_EXTERNAL_MEMORY);
        }
        if (!negotiated.gpaPinning()) {
            f &= ~FLAG_REQUIRE_PINNED_EXTERNAL_MEMORY;
        }
        return f;
    }

    /**
     * @param negotiated the connection's negotiated features
     * @return whether the ring buffer is confidential (flag 0x2 with feature 0x10)
     */
    public boolean confidentialRingBuffer(FeatureFlags negotiated) {
        return (flagsWith(negotiated) & FLAG_CONFIDENTIAL_RING_BUFFER) != 0;
    }

    /**
     * @param negotiated the connection's negotiated features
     * @return whether external memory is confidential (flag 0x4 with feature 0x10)
     */
    public boolean confidentialExternalMemory(FeatureFlags negotiated) {
        return (flagsWith(negotiated) & FLAG_CONFIDENTIAL_EXTERNAL_MEMORY) != 0;
    }

    /**
     * @param negotiated the connection's negotiated features
     * @return whether external memory must be pinned (flag 0x8 with feature 0x80)
     */
    public boolean requirePinnedExternalMemory(FeatureFlags negotiated) {
        return (flagsWith(negotiated) & FLAG_REQUIRE_PINNED_EXTERNAL_MEMORY) != 0;
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
