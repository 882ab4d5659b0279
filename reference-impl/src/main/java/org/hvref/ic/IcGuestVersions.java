package org.hvref.ic;

import java.util.List;
import org.hvref.ic.protocol.IcVersion;

/**
 * One guest's configuration for one IC channel: its family policy and its framework and service lists, newest first
 * (devices-ic-input-video.md §1.4, §1.5).
 *
 * @param policy     the family's selection and failure rules
 * @param frameworks framework versions, newest first (FREEBSD: the first is the maximum)
 * @param messages   service message versions, newest first (FREEBSD: the first is the maximum)
 */
public record IcGuestVersions(IcVersionPolicy policy, List<IcVersion> frameworks, List<IcVersion> messages) {
    /** Copies the lists and rejects empty ones. */
    public IcGuestVersions {
        frameworks = List.copyOf(frameworks);
        messages = List.copyOf(messages);
        if (frameworks.isEmpty() || messages.isEmpty()) {
            throw new IllegalArgumentException("guest versions: " + frameworks.size() + " framework, "
                    + messages.size() + " message (expected: at least one of each)");
        }
    }

    /**
     * The lists a guest of that family uses for {@code service} (ic §1.5).
     *
     * @param policy  the family
     * @param service the service
     * @return Linux and MacHyperVSupport: the Linux lists (identical in §1.5 for the services both have); FreeBSD: its
     *         framework maximum 3.0 and the service's maximum
     */
    public static IcGuestVersions of(IcVersionPolicy policy, IcService service) {
        return switch (policy) {
            case LINUX, MAC_HYPERV_SUPPORT -> new IcGuestVersions(policy, service.linuxFrameworkVersions(),
                    service.linuxVersions());
            case FREEBSD -> new IcGuestVersions(policy, List.of(IcService.FREEBSD_FRAMEWORK_MAX),
                    List.of(service.freebsdMax()));
        };
    }
}
