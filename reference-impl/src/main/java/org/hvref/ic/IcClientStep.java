package org.hvref.ic;

import java.util.Optional;

/**
 * What the guest does with one host packet, in order: send {@code response} (if any) first, then hand
 * {@code delivery} (if any) to the consumer (devices-ic-input-video.md §1.7; hazards.md M11).
 *
 * @param response the packet to send back, or empty (FreeBSD-style failed negotiation)
 * @param delivery the request to act on after the response is sent, or empty
 */
public record IcClientStep(Optional<byte[]> response, Optional<IcServiceRequest> delivery) {
}
