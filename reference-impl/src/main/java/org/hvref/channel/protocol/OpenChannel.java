package org.hvref.channel.protocol;



/**
 * Type 5 (vmbus-core.md §2.2 OPENCHANNEL; layout {@link OpenChannelDescriptor}): 148 bytes, or 156 with the Copper
 * extension.
 *
 * @param childRelid           channel id
 * @param openId               echoed in the result
 * @param ringGpadl            ring buffer GPADL handle
 * @param targetVp             VP for host-to-guest interrupts (0xFFFFFFFF = none)
 * @param downstreamPageOffset guest-inbound ring start inside the GPADL, in 4 KiB pages
 * @param userData             120 bytes passed to the device
 * @param extension            the Copper extension (156-byte form), or {@code null} for the 148-byte form
 */
public record OpenChannel(int childRelid, int openId, int ringGpadl, int targetVp, int downstreamPageOffset,
        OpaqueBytes userData, Extension extension) implements ChannelMessage {

    /**
     * The 8-byte Copper extension at offset 148 (vmbus-core.md §2.2; OVMM OpenChannel2).
     *
     * @param connectionId guest-specified connection id (feature 0x1)
     * @param eventFlag    u16 event flag (feature 0x1)
     * @param flags        u16: bit0 REDIRECT_INTERRUPT (feature 0x2)
     */
    public record Extension(int connectionId, int eventFlag, int flags) {
        /** flags bit0 REDIRECT_INTERRUPT (vmbus-core.md §2.2 OPENCHANNEL; needs feature 0x2). */
        public static final int REDIRECT_INTERRUPT = 0x1;

        /** Validates. */
        public Extension {
            Checks.u16("open event flag", eventFlag);
            Checks.u16("open flags", flags);
        }
    }

    /** Validates. */
    public OpenChannel {
        Checks.length("open user data", userData, OpenChannelDescriptor.USER_DATA_LENGTH);
    }

    /** @return whether this is the 156-byte form */
    public boolean hasExtension() {
        return extension != null;
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.OPENCHANNEL;
    }

}
