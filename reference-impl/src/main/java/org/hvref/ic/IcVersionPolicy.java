package org.hvref.ic;

import java.util.List;
import java.util.Optional;
import org.hvref.ic.protocol.IcVersion;

/**
 * How a guest family picks one version from a host offer, and how it answers when it cannot
 * (devices-ic-input-video.md §1.4).
 */
public enum IcVersionPolicy {
    /**
     * Linux: walk the guest list in preference order, first exact major+minor match in the offer wins; failure
     * answers counts 0/0 with the status untouched (ic §1.4; LNX-CHMGMT vmbus_prep_negotiate_resp).
     */
    LINUX(IcFailureAnswer.ZERO_COUNTS),
    /**
     * FreeBSD: the highest offered version at or below the guest's single maximum (the first entry of its list); an
     * empty offer fails; failure sends no response (ic §1.4; FBSD vmbus_ic.c vmbus_ic_negomsg).
     */
    FREEBSD(IcFailureAnswer.NO_RESPONSE),
    /**
     * MacHyperVSupport (and hvref's recommended guest): exact match in preference order; failure answers counts 0/0
     * and status E_FAIL (ic §1.4; MHV HyperVICService.cpp processNegotiationResponse).
     */
    MAC_HYPERV_SUPPORT(IcFailureAnswer.ZERO_COUNTS_E_FAIL);

    private final IcFailureAnswer failureAnswer;

    IcVersionPolicy(IcFailureAnswer failureAnswer) {
        this.failureAnswer = failureAnswer;
    }

    /** @return what this family answers when no version can be chosen */
    public IcFailureAnswer failureAnswer() {
        return failureAnswer;
    }

    /**
     * Picks a version.
     *
     * @param guest   the guest's list, newest first (for FREEBSD only the first entry, its maximum, counts)
     * @param offered the host's offer, in wire order
     * @return the chosen version, or empty if there is none
     */
    public Optional<IcVersion> select(List<IcVersion> guest, List<IcVersion> offered) {
        if (guest.isEmpty() || offered.isEmpty()) {
            return Optional.empty();
        }
        switch (this) {
            case LINUX, MAC_HYPERV_SUPPORT -> {
                for (IcVersion want : guest) {
                    if (offered.contains(want)) {
                        return Optional.of(want);
                    }
                }
                return Optional.empty();
            }
            case FREEBSD -> {
                IcVersion max = guest.get(0);
                return offered.stream().filter(v -> v.compareTo(max) <= 0).max(IcVersion::compareTo);
            }
        }
        throw new AssertionError("unreachable: " + this);
    }

    /** @return the name trace events carry for this policy: lower case (ic/CONTRACT-IcNegotiation.md) */
    public String traceName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
