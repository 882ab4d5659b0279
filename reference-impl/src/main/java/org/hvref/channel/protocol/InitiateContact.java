package org.hvref.channel.protocol;

import java.util.UUID;

/**
 * Type 14 (vmbus-core.md §2.2 INITIATE_CONTACT; layout {@link InitiateContactDescriptor}): 40 bytes, or 56 with the
 * client id (6.0 + feature 0x8). The u64 at offset 16 is the interrupt page GPA below 5.0 and
 * {msg_sint u8, msg_vtl u8, reserved u16, feature_flags u32} from 5.0 on; it is kept raw, with accessors.
 *
 * @param versionRequested    the wire code of the requested version (§3); may be one this side does not know
 * @param targetVcpu          VP receiving control messages
 * @param interruptPage       raw u64 at offset 16
 * @param parentToChildMonitorPage monitor page 1 GPA
 * @param childToParentMonitorPage monitor page 2 GPA
 * @param clientId            client id (56-byte form), or {@code null}
 */
public record InitiateContact(int versionRequested, int targetVcpu, long interruptPage, long parentToChildMonitorPage,
        long childToParentMonitorPage, UUID clientId) implements ChannelMessage {

    /** Validates: the client id needs 6.0+, and feature 0x8 is set exactly when the client id is present. */
    public InitiateContact {
        boolean copper = Integer.compareUnsigned(versionRequested, ProtocolVersion.COPPER.code()) >= 0;
        Checks.check(clientId == null || copper, String.format(
                "initiate contact client id: version 0x%08x (expected: >= 0x%08x)", versionRequested,
                ProtocolVersion.COPPER.code()));
        boolean flag = copper && (((int) (interruptPage >>> 32)) & FeatureFlags.CLIENT_ID) != 0;
        Checks.check(flag == (clientId != null), "initiate contact: feature 0x8=" + flag + ", client id="
                + (clientId != null) + " (expected: both or neither)");
    }

    /**
     * The 5.0+ form of offset 16.
     *
     * @param versionRequested requested version (5.0 or newer)
     * @param targetVcpu       VP receiving control messages
     * @param msgSint          SINT for messages (u8)
     * @param msgVtl           VTL (u8)
     * @param featureFlags     feature flags (6.0+)
     * @param p2c              monitor page 1
     * @param c2p              monitor page 2
     * @param clientId         client id or {@code null}
     * @return the message
     */
    public static InitiateContact of(ProtocolVersion versionRequested, int targetVcpu, int msgSint, int msgVtl,
            int featureFlags, long p2c, long c2p, UUID clientId) {
        Checks.check(versionRequested.isAtLeast(ProtocolVersion.WIN10_V5),
                "initiate contact sint form: " + versionRequested + " (expected: >= 5.0)");
        long raw = Checks.u8("msg sint", msgSint) | ((long) Checks.u8("msg vtl", msgVtl) << 8)
                | ((featureFlags & 0xFFFFFFFFL) << 32);
        return new InitiateContact(versionRequested.code(), targetVcpu, raw, p2c, c2p, clientId);
    }

    /** @return byte 16 (meaningful from 5.0) */
    public int msgSint() {
        return (int) (interruptPage & 0xFF);
    }

    /** @return byte 17 (meaningful from 5.1) */
    public int msgVtl() {
        return (int) ((interruptPage >>> 8) & 0xFF);
    }

    /** @return bytes 20–23 (meaningful from 6.0) */
    public int featureFlags() {
        return (int) (interruptPage >>> 32);
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.INITIATE_CONTACT;
    }
}
