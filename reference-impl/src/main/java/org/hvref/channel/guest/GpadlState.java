package org.hvref.channel.guest;

/** A GPADL's state on the guest (VmbusChannel.tla {@code ggp}; OpenVMM client GpadlState, vmbus-core.md §4.4). */
public enum GpadlState {
    /** GPADL_HEADER and all bodies sent, waiting for GPADL_CREATED. */
    CREATING,
    /** Created: the host maps it. */
    CREATED,
    /** GPADL_TEARDOWN sent, waiting for GPADL_TORNDOWN. */
    TEARING
}
