/**
 * IC services over real VMBus channels (devices-ic-input-video.md §1.1): the host side ({@link
 * org.hvref.ic.vmbus.IcHostChannel}) and the guest side ({@link org.hvref.ic.vmbus.IcGuestChannel}) as channel packet
 * handlers carrying IC packets in in-band data packets, and the offer and ring-size facts of util channels ({@link
 * org.hvref.ic.vmbus.IcOffers}).
 */
package org.hvref.ic.vmbus;
