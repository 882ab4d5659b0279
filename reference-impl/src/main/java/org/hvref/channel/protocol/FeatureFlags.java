package org.hvref.channel.protocol;

import java.util.StringJoiner;

/**
 * Copper (6.0) connection feature bits (vmbus-core.md §2.2 "Copper feature flags"; OVMM FeatureFlags, MSVM), as
 * {@code int} constants and as a value type for a set of them: the set a guest requests in INITIATE_CONTACT, the
 * intersection the host answers in VERSION_RESPONSE, and so the set negotiated for the connection.
 * {@link #require} is the check the codec applies where the fact sheet makes a message or field depend on a feature.
 */
public final class FeatureFlags {
    /** 0x1 guest-specified signal parameters (vmbus-core.md §2.2; MSVM VMBUS_FEATURE_FLAG_*). */
    public static final int GUEST_SPECIFIED_SIGNAL_PARAMETERS = 0x1;
    /** 0x2 channel interrupt redirection (vmbus-core.md §2.2; OVMM FeatureFlags). */
    public static final int CHANNEL_INTERRUPT_REDIRECTION = 0x2;
    /** 0x4 modify connection (vmbus-core.md §2.2; OVMM FeatureFlags). */
    public static final int MODIFY_CONNECTION = 0x4;
    /** 0x8 client id in INITIATE_CONTACT (vmbus-core.md §2.2; OVMM FeatureFlags). */
    public static final int CLIENT_ID = 0x8;
    /** 0x10 confidential channels (vmbus-core.md §2.2; OVMM FeatureFlags). */
    public static final int CONFIDENTIAL_CHANNELS = 0x10;
    /** 0x20 pause/resume (vmbus-core.md §2.2; OVMM only). */
    public static final int PAUSE_RESUME = 0x20;
    /** 0x40 server-specified monitor pages (vmbus-core.md §2.2; OVMM only). */
    public static final int SERVER_SPECIFIED_MONITOR_PAGES = 0x40;
    /** 0x80 GPA pinning (vmbus-core.md §2.2; OVMM only). */
    public static final int GPA_PINNING = 0x80;
    /** Every bit the fact sheet names (vmbus-core.md §2.2: 0x1..0x80); the others are reserved. */
    public static final int KNOWN = 0xFF;

    /** The empty set: what is negotiated below 6.0 (vmbus-core.md §3: feature flags are a 6.0 addition). */
    public static final FeatureFlags NONE = new FeatureFlags(0);

    private static final String[] NAMES = {"GUEST_SPECIFIED_SIGNAL_PARAMETERS", "CHANNEL_INTERRUPT_REDIRECTION",
        "MODIFY_CONNECTION", "CLIENT_ID", "CONFIDENTIAL_CHANNELS", "PAUSE_RESUME", "SERVER_SPECIFIED_MONITOR_PAGES",
        "GPA_PINNING"};

    private final int bits;

    private FeatureFlags(int bits) {
        this.bits = bits;
    }

    /**
     * A set of feature bits, reserved bits included (see {@link #reservedBitsSet()}).
     *
     * @param bits the u32 feature_flags / supported_features word
     * @return the set
     */
    public static FeatureFlags of(int bits) {
        return bits == 0 ? NONE : new FeatureFlags(bits);
    }

    /** @return the raw u32 word */
    public int bits() {
        return bits;
    }

    /**
     * @param flag one or more of the constants
     * @return whether every bit of {@code flag} is in this set
     */
    public boolean contains(int flag) {
        return (bits & flag) == flag;
    }

    /** @return whether 0x1 guest-specified signal parameters is in the set */
    public boolean guestSpecifiedSignalParameters() {
        return contains(GUEST_SPECIFIED_SIGNAL_PARAMETERS);
    }

    /** @return whether 0x2 channel interrupt redirection is in the set */
    public boolean channelInterruptRedirection() {
        return contains(CHANNEL_INTERRUPT_REDIRECTION);
    }

    /** @return whether 0x4 modify connection is in the set */
    public boolean modifyConnection() {
        return contains(MODIFY_CONNECTION);
    }

    /** @return whether 0x8 client id is in the set */
    public boolean clientId() {
        return contains(CLIENT_ID);
    }

    /** @return whether 0x10 confidential channels is in the set */
    public boolean confidentialChannels() {
        return contains(CONFIDENTIAL_CHANNELS);
    }

    /** @return whether 0x20 pause/resume is in the set */
    public boolean pauseResume() {
        return contains(PAUSE_RESUME);
    }

    /** @return whether 0x40 server-specified monitor pages is in the set */
    public boolean serverSpecifiedMonitorPages() {
        return contains(SERVER_SPECIFIED_MONITOR_PAGES);
    }

    /** @return whether 0x80 GPA pinning is in the set */
    public boolean gpaPinning() {
        return contains(GPA_PINNING);
    }

    /** @return whether a bit the fact sheet does not name is set */
    public boolean reservedBitsSet() {
        return (bits & ~KNOWN) != 0;
    }

    /** @return this set without the reserved bits */
    public FeatureFlags withUnsupportedCleared() {
        return of(bits & KNOWN);
    }

    /**
     * The host's answer (vmbus-core.md §2.2: "the host answers with the intersection it supports").
     *
     * @param other another set
     * @return the bits in both
     */
    public FeatureFlags intersect(FeatureFlags other) {
        return of(bits & other.bits);
    }

    /**
     * @param other another set
     * @return whether every bit of this set is in {@code other}
     */
    public boolean isSubsetOf(FeatureFlags other) {
        return (bits & ~other.bits) == 0;
    }

    /**
     * The codec's check of a peer's message against the negotiated set.
     *
     * @param flag one of the constants (or several that must all be negotiated)
     * @param what the message or field that needs it
     * @throws MalformedChannelMessageException ({@link ChannelMessageError#FEATURE_NOT_NEGOTIATED}) if a bit of
     *                                          {@code flag} is not in this set
     */
    public void require(int flag, String what) {
        if (!contains(flag)) {
            throw new MalformedChannelMessageException(ChannelMessageError.FEATURE_NOT_NEGOTIATED, what + ": needs "
                + of(flag) + " (expected: negotiated features " + this + " to include it)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureFlags && ((FeatureFlags) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(bits);
    }

    /** @return {@code FeatureFlags[0x..: NAME|NAME]} */
    @Override
    public String toString() {
        StringJoiner names = new StringJoiner("|");
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                names.add(NAMES[i]);
            }
        }
        if (reservedBitsSet()) {
            names.add("reserved 0x" + Integer.toHexString(bits & ~KNOWN));
        }
        return "FeatureFlags[0x" + Integer.toHexString(bits) + (bits == 0 ? "" : ": " + names) + "]";
    }
}
