package org.hvref.hypervisor;

/** The two parties of a simulated partition: the root (host, VMBus server) and the child (guest, VMBus client). */
public enum Side {
    /** The host: VMBus server, receives guest messages on its ports and posts to the guest's SynIC. */
    HOST,
    /** The guest: VMBus client, owns the SynIC pages and runs the SINT interrupt handlers. */
    GUEST;

    /** @return the other side */
    public Side other() {
        return this == HOST ? GUEST : HOST;
    }
}
