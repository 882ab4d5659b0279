package org.hvref.channel.host;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.ProtocolVersion;

/**
 * What the emulated host accepts: protocol versions, Copper feature flags, the message connection id it returns
 * from 5.0 on and the number of VPs.
 *
 * @param versions            versions accepted in INITIATE_CONTACT (vmbus-core.md §3), non-empty
 * @param features            Copper features the host supports (§2.2); the connection gets the intersection with
 *                            the guest's request. Features needing messages this host does not implement (0x4
 *                            MODIFY_CONNECTION, 0x20 pause/resume, 0x40 server monitor pages) are refused
 * @param messageConnectionId connection id returned in a 5.0+ VERSION_RESPONSE and expected on every later message
 *                            (vmbus-core.md §1.5: 1 for VTL0)
 * @param vpCount             number of VPs: INITIATE_CONTACT target_vcpu (3.0+) and OPENCHANNEL / MODIFYCHANNEL
 *                            target_vp (2.4+) must name one
 */
public record HostConfig(Set<ProtocolVersion> versions, int features, int messageConnectionId, int vpCount) {
    /** VMBUS_MESSAGE_CONNECTION_ID (vmbus-core.md §1.5; OVMM MESSAGE_CONNECTION_ID). */
    public static final int MESSAGE_CONNECTION_ID = 1;
    /** VMBUS_MESSAGE_CONNECTION_ID_4, the multiclient port for 5.0+ INITIATE_CONTACT (vmbus-core.md §1.5). */
    public static final int MULTICLIENT_CONNECTION_ID = 4;
    /** Features this host can grant (vmbus-core.md §2.2): 0x1, 0x2, 0x8, 0x10, 0x80. */
    public static final int IMPLEMENTABLE_FEATURES = FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS
            | FeatureFlags.CHANNEL_INTERRUPT_REDIRECTION | FeatureFlags.CLIENT_ID
            | FeatureFlags.CONFIDENTIAL_CHANNELS | FeatureFlags.GPA_PINNING;
    /** Default Copper features: guest-specified signal parameters, interrupt redirection, client id. */
    public static final int DEFAULT_FEATURES = FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS
            | FeatureFlags.CHANNEL_INTERRUPT_REDIRECTION | FeatureFlags.CLIENT_ID;

    /** Validates and copies. */
    public HostConfig {
        Objects.requireNonNull(versions, "versions");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("host versions: none (expected: at least one)");
        }
        versions = Set.copyOf(EnumSet.copyOf(versions));
        if ((features & ~IMPLEMENTABLE_FEATURES) != 0) {
            throw new IllegalArgumentException(String.format("host features: 0x%x (expected: subset of 0x%x)",
                    features, IMPLEMENTABLE_FEATURES));
        }
        if (vpCount < 1) {
            throw new IllegalArgumentException("vp count: " + vpCount + " (expected: >= 1)");
        }
    }

    /**
     * @param host the Windows release to emulate
     * @return its versions, the default features (used only if it speaks Copper), connection id 1, 4 VPs
     */
    public static HostConfig of(WindowsHost host) {
        return new HostConfig(host.versions(), DEFAULT_FEATURES, MESSAGE_CONNECTION_ID, 4);
    }

    /**
     * @param newFeatures the supported Copper features
     * @return a copy with those features
     */
    public HostConfig withFeatures(int newFeatures) {
        return new HostConfig(versions, newFeatures, messageConnectionId, vpCount);
    }

    /**
     * @param newVpCount the number of VPs
     * @return a copy with that VP count
     */
    public HostConfig withVpCount(int newVpCount) {
        return new HostConfig(versions, features, messageConnectionId, newVpCount);
    }

    /** @return the newest accepted version */
    public ProtocolVersion newest() {
        return versions.stream().max(java.util.Comparator.naturalOrder()).orElseThrow();
    }
}
