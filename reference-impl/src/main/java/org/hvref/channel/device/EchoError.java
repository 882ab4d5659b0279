package org.hvref.channel.device;

/**
 * Why the {@link EchoDevice} or {@link EchoClient} refused a packet (each is an
 * {@link EchoRejectedException#reason()}).
 */
public enum EchoError {
    /** The echo would not fit in the ring back to the guest. */
    ECHO_TOO_LARGE,
    /** A GPA-direct page number whose guest physical address does not fit in 64 bits. */
    PFN_OUT_OF_RANGE,
    /** (guest side) An echo shorter than what was sent. */
    ECHO_TOO_SHORT,
    /** (guest side) A packet type the echo device never sends. */
    UNEXPECTED_PACKET
}
