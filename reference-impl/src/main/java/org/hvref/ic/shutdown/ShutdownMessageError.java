package org.hvref.ic.shutdown;

/** Why {@link ShutdownMessageCodec} refused a shutdown payload. */
public enum ShutdownMessageError {
    /** Fewer than 2060 payload bytes (ic §3; L-util minimum 28 + sizeof(shutdown_msg_data)). */
    TOO_SHORT,
    /** Flags with reserved bits 3..31 set (ic §3; OVMM ShutdownFlags reserved-zero). */
    RESERVED_FLAGS
}
