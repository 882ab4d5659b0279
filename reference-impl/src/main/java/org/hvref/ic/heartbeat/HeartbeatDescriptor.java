package org.hvref.ic.heartbeat;

/**
 * Layout of the heartbeat payload after the 28-byte IC header (devices-ic-input-video.md §2; LNX-H struct
 * heartbeat_msg_data; FBSD vmbus_icmsg_heartbeat; OVMM heartbeat::HeartbeatMessage):
 *
 * <pre>
 *   0                   8                                      40
 *   +-------------------+---------------------------------------+
 *   | seq_num u64 (LE)  | reserved 8 x u32 (echoed by guests)   |
 *   +-------------------+---------------------------------------+
 * </pre>
 *
 * Offsets are payload-relative: the packet offsets of §2 minus 28.
 */
public final class HeartbeatDescriptor {
    /** seq_num, u64 (ic §2: packet offset 28). */
    public static final int SEQUENCE_OFFSET = 0;
    /** First reserved word (OVMM: application_state u32) (ic §2: packet offset 36). */
    public static final int RESERVED_OFFSET = 8;
    /** Reserved bytes: 8 u32 (ic §2: packet offsets 36..67). */
    public static final int RESERVED_LENGTH = 32;
    /** Payload the host sends: 40 bytes (ic §2: packet length 68). */
    public static final int LENGTH = RESERVED_OFFSET + RESERVED_LENGTH;
    /** Shortest payload a guest answers: the sequence number (ic §2: Linux checks 28 + 8; FreeBSD minimum 36). */
    public static final int MIN_LENGTH = RESERVED_OFFSET;

    private HeartbeatDescriptor() {
    }
}
