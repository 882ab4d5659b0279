package org.hvref.ring;

/**
 * Open enumeration of VMBus packet types (vmbus-core.md §7.2; LNX-H {@code enum vmbus_packet_type}): the named
 * constants cover 0x0..0xD, and {@link #valueOf(int)} also represents any other 16-bit value the peer sends.
 * {@link #toString()} is {@code NAME(0xNN)}, e.g. {@code DATA_INBAND(0x06)} or {@code UNKNOWN(0x2A)}.
 */
public final class PacketType {
    /** 0x0 VM_PKT_INVALID (vmbus-core.md §7.2). */
    public static final PacketType INVALID = new PacketType(0x0, "INVALID");
    /** 0x1 VM_PKT_SYNCH (vmbus-core.md §7.2; MSVM: reserved). */
    public static final PacketType SYNCH = new PacketType(0x1, "SYNCH");
    /** 0x2 VM_PKT_ADD_XFER_PAGESET (vmbus-core.md §7.2). */
    public static final PacketType ADD_XFER_PAGESET = new PacketType(0x2, "ADD_XFER_PAGESET");
    /** 0x3 VM_PKT_RM_XFER_PAGESET (vmbus-core.md §7.2). */
    public static final PacketType RM_XFER_PAGESET = new PacketType(0x3, "RM_XFER_PAGESET");
    /** 0x4 VM_PKT_ESTABLISH_GPADL (vmbus-core.md §7.2). */
    public static final PacketType ESTABLISH_GPADL = new PacketType(0x4, "ESTABLISH_GPADL");
    /** 0x5 VM_PKT_TEARDOWN_GPADL (vmbus-core.md §7.2). */
    public static final PacketType TEARDOWN_GPADL = new PacketType(0x5, "TEARDOWN_GPADL");
    /** 0x6 VM_PKT_DATA_INBAND: plain data, offset8 = 2 (vmbus-core.md §7.2). */
    public static final PacketType DATA_INBAND = new PacketType(0x6, "DATA_INBAND");
    /** 0x7 VM_PKT_DATA_USING_XFER_PAGES: transfer-page packet (vmbus-core.md §7.2, §7.3). */
    public static final PacketType DATA_USING_XFER_PAGES = new PacketType(0x7, "DATA_USING_XFER_PAGES");
    /** 0x8 VM_PKT_DATA_USING_GPADL (vmbus-core.md §7.2; MSVM: reserved). */
    public static final PacketType DATA_USING_GPADL = new PacketType(0x8, "DATA_USING_GPADL");
    /** 0x9 VM_PKT_DATA_USING_GPA_DIRECT: GPA-direct packet (vmbus-core.md §7.2, §7.3). */
    public static final PacketType DATA_USING_GPA_DIRECT = new PacketType(0x9, "DATA_USING_GPA_DIRECT");
    /** 0xA VM_PKT_CANCEL_REQUEST (vmbus-core.md §7.2). */
    public static final PacketType CANCEL_REQUEST = new PacketType(0xA, "CANCEL_REQUEST");
    /** 0xB VM_PKT_COMP: completion, transaction id echoes the request (vmbus-core.md §7.2). */
    public static final PacketType COMPLETION = new PacketType(0xB, "COMPLETION");
    /** 0xC VM_PKT_DATA_USING_ADDITIONAL_PKT (vmbus-core.md §7.2). */
    public static final PacketType DATA_USING_ADDITIONAL_PKT = new PacketType(0xC, "DATA_USING_ADDITIONAL_PKT");
    /** 0xD VM_PKT_ADDITIONAL_DATA (vmbus-core.md §7.2). */
    public static final PacketType ADDITIONAL_DATA = new PacketType(0xD, "ADDITIONAL_DATA");

    private static final PacketType[] KNOWN = {
        INVALID, SYNCH, ADD_XFER_PAGESET, RM_XFER_PAGESET, ESTABLISH_GPADL, TEARDOWN_GPADL, DATA_INBAND,
        DATA_USING_XFER_PAGES, DATA_USING_GPADL, DATA_USING_GPA_DIRECT, CANCEL_REQUEST, COMPLETION,
        DATA_USING_ADDITIONAL_PKT, ADDITIONAL_DATA,
    };

    private final int code;
    private final String name;

    private PacketType(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * The type for a raw value; never throws. Values without a name (including values outside 16 bits) give a type
     * named {@code UNKNOWN}.
     *
     * @param code the raw type value
     * @return the named constant, or a new unknown type carrying {@code code}
     */
    public static PacketType valueOf(int code) {
        if (code >= 0 && code < KNOWN.length) {
            return KNOWN[code];
        }
        return new PacketType(code, "UNKNOWN");
    }

    /** @return the raw type value */
    public int code() {
        return code;
    }

    /** @return the constant's name, or {@code UNKNOWN} */
    public String name() {
        return name;
    }

    /** @return whether the value is one of the named constants 0x0..0xD */
    public boolean isKnown() {
        return code >= 0 && code < KNOWN.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketType && ((PacketType) o).code == code;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(code);
    }

    @Override
    public String toString() {
        return String.format("%s(0x%02X)", name, code);
    }
}
