package org.hvref.ic.timesync;

import org.hvref.ic.protocol.IcVersion;

/** Which payload layout a message version uses (devices-ic-input-video.md §4.1, §4.2). */
public enum TimeSyncLayout {
    /** {@code ictimesync_data}, message versions below 4.0 (25 bytes). */
    LEGACY(TimeSyncDescriptor.LEGACY_LENGTH),
    /** {@code ictimesync_ref_data}, message version 4.0 and later (22 bytes). */
    REFERENCE(TimeSyncDescriptor.REF_LENGTH);

    private final int length;

    TimeSyncLayout(int length) {
        this.length = length;
    }

    /** @return the payload length of this layout */
    public int length() {
        return length;
    }

    /**
     * @param messageVersion the negotiated (or header) message version
     * @return REFERENCE for 4.0 and above, else LEGACY (ic §4.2: Linux "version &gt; 3.0 uses the ref layout")
     */
    public static TimeSyncLayout forVersion(IcVersion messageVersion) {
        return messageVersion.major() >= 4 ? REFERENCE : LEGACY;
    }
}
