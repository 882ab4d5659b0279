/**
 * The reference machine: one partition wiring guest memory, the simulated hypervisor, the VMBus host
 * ({@link org.hvref.channel.host.VmbusHostEndpoint}) and guest ({@link org.hvref.channel.guest.VmbusGuestEndpoint})
 * with one shared spec tracer, in deterministic or concurrent mode; host device registration, the guest's
 * "open a channel by class GUID" helper, and the reference guest's boot script ({@link
 * org.hvref.machine.ReferenceGuest}). The top library layer: it may use everything in reference-impl.
 */
package org.hvref.machine;
