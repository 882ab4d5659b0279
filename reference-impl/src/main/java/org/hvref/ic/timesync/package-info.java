/**
 * Hyper-V time synchronization (IC message type 4): the two payload layouts ({@link
 * org.hvref.ic.timesync.TimeSyncMessageCodec}: {@code ictimesync_data} before message version 4.0, {@code
 * ictimesync_ref_data} from 4.0), the guest daemon that steps a {@link org.hvref.ic.timesync.GuestClock} like
 * MacHyperVSupport's kext + hvtimesyncd ({@link org.hvref.ic.timesync.TimeSyncDaemon}) and the host that sends SYNC
 * first and SAMPLEs after ({@link org.hvref.ic.timesync.TimeSyncHostService}). Sans-IO; clocks and the partition
 * reference counter are injected. Facts: devices-ic-input-video.md §1.2-§1.8, §4, §11.3, §13.
 */
package org.hvref.ic.timesync;
