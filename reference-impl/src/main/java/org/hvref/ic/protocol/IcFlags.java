package org.hvref.ic.protocol;

/** Bits of the IC header's icflags byte (devices-ic-input-video.md §1.2; LNX-H ICMSGHDRFLAG_*; OVMM HeaderFlags). */
public final class IcFlags {
    /** Bit 0 TRANSACTION (ic §1.2; LNX-H ICMSGHDRFLAG_TRANSACTION). */
    public static final int TRANSACTION = 0x1;
    /** Bit 1 REQUEST (ic §1.2; LNX-H ICMSGHDRFLAG_REQUEST). */
    public static final int REQUEST = 0x2;
    /** Bit 2 RESPONSE (ic §1.2; LNX-H ICMSGHDRFLAG_RESPONSE). */
    public static final int RESPONSE = 0x4;
    /** What a host request carries: TRANSACTION | REQUEST = 3 (ic §1.2; OVMM common.rs write_message). */
    public static final int HOST_REQUEST = TRANSACTION | REQUEST;
    /** What a guest response carries: TRANSACTION | RESPONSE = 5 (ic §1.2; LNX util callbacks; FBSD sendresp). */
    public static final int GUEST_RESPONSE = TRANSACTION | RESPONSE;

    private IcFlags() {
    }

    /**
     * @param flags the icflags byte
     * @return whether TRANSACTION and REQUEST are set (a host request)
     */
    public static boolean isRequest(int flags) {
        return (flags & HOST_REQUEST) == HOST_REQUEST;
    }

    /**
     * @param flags the icflags byte
     * @return whether TRANSACTION and RESPONSE are set, as the host requires of a response (OVMM read_response)
     */
    public static boolean isResponse(int flags) {
        return (flags & GUEST_RESPONSE) == GUEST_RESPONSE;
    }
}
