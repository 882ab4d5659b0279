package org.hvref.channel.protocol;

/** Copper (6.0) connection feature bits (vmbus-core.md §2.2 "Copper feature flags"; OVMM FeatureFlags, MSVM). */
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

    private FeatureFlags() {
    }
}
