package org.hvref.ic.vmbus;

/** Why an IC channel handler refused a VMBus packet (each is an {@link IcChannelException#reason()}). */
public enum IcChannelError {
    /** A packet type other than in-band data (6): IC messages travel only in-band (ic §1.1). */
    NOT_IN_BAND,
    /** A packet larger than the side reads per packet (ic §1.1: Linux reads at most one 4 KiB page). */
    TOO_LARGE
}
