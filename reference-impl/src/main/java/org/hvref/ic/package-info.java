/**
 * Integration-component (IC) framework over VMBus pipes (devices-ic-input-video.md §1): version negotiation as real
 * guests do it ({@link org.hvref.ic.IcVersionPolicy}), the per-service version lists ({@link org.hvref.ic.IcService}),
 * the host-side negotiator ({@link org.hvref.ic.IcHostNegotiator}) and the guest-side per-channel state machine
 * ({@link org.hvref.ic.IcServiceClient}).
 *
 * <p>Sans-IO: both sides take and return {@code byte[]} packets (the in-band packet payload); the VMBus wiring sits on
 * {@code org.hvref.channel.device.ChannelEndpoint} later. Steps that are actions of {@code spec/src/tla/ic/IcNegotiation.tla}
 * carry {@link org.hvref.trace.SpecAction} and record one event each (ic/CONTRACT-IcNegotiation.md).
 */
package org.hvref.ic;
