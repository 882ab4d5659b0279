package org.hvref.ic.protocol;

/**
 * The icmsgtype field (devices-ic-input-video.md §1.3; LNX-H ICMSGTYPE_*; OVMM hyperv_ic_protocol MessageType). Open:
 * {@link #valueOf(int)} accepts every u16, so a peer's unknown type is a value, not an error.
 *
 * @param raw the u16 value
 */
public record IcMessageType(int raw) {
    /** 0 NEGOTIATE (ic §1.3; LNX-H ICMSGTYPE_NEGOTIATE; OVMM VERSION_NEGOTIATION). */
    public static final IcMessageType NEGOTIATE = new IcMessageType(0);
    /** 1 HEARTBEAT (ic §1.3; LNX-H ICMSGTYPE_HEARTBEAT). */
    public static final IcMessageType HEARTBEAT = new IcMessageType(1);
    /** 2 KVPEXCHANGE (ic §1.3; LNX-H ICMSGTYPE_KVPEXCHANGE; OVMM KVP_EXCHANGE). */
    public static final IcMessageType KVP_EXCHANGE = new IcMessageType(2);
    /** 3 SHUTDOWN (ic §1.3; LNX-H ICMSGTYPE_SHUTDOWN). */
    public static final IcMessageType SHUTDOWN = new IcMessageType(3);
    /** 4 TIMESYNC (ic §1.3; LNX-H ICMSGTYPE_TIMESYNC; OVMM TIME_SYNC). */
    public static final IcMessageType TIMESYNC = new IcMessageType(4);
    /** 5 VSS (ic §1.3; LNX-H ICMSGTYPE_VSS). */
    public static final IcMessageType VSS = new IcMessageType(5);
    /** 6 RDV, implemented by no guest here (ic §1.3; OVMM MessageType::RDV). */
    public static final IcMessageType RDV = new IcMessageType(6);
    /** 7 FCOPY / guest interface (ic §1.3; LNX-H ICMSGTYPE_FCOPY; OVMM GUEST_INTERFACE). */
    public static final IcMessageType FCOPY = new IcMessageType(7);
    /** 8 VM_SESSION, implemented by no guest here (ic §1.3; OVMM MessageType::VM_SESSION). */
    public static final IcMessageType VM_SESSION = new IcMessageType(8);

    private static final String[] NAMES = {"NEGOTIATE", "HEARTBEAT", "KVP_EXCHANGE", "SHUTDOWN", "TIMESYNC", "VSS",
        "RDV", "FCOPY", "VM_SESSION"};

    /** Checks the value fits a u16. */
    public IcMessageType {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("icmsgtype: " + raw + " (expected: u16)");
        }
    }

    /**
     * Never throws for a u16.
     *
     * @param raw the u16 from the wire
     * @return the type (a known constant's equal, or an unknown value)
     */
    public static IcMessageType valueOf(int raw) {
        return new IcMessageType(raw & 0xFFFF);
    }

    /** @return whether the value is one of ic §1.3 (0..8) */
    public boolean isKnown() {
        return raw < NAMES.length;
    }

    @Override
    public String toString() {
        return (isKnown() ? NAMES[raw] : "UNKNOWN") + String.format("(0x%02X)", raw);
    }
}
