package org.hvref.hypervisor;

/**
 * Hypercall status codes ({@code HV_STATUS}, a 16-bit value) that the simulated hypervisor returns.
 *
 * <p>Source: vmbus-core.md §1.3 (0, 0x0B, 0x11, 0x12, 0x13 for HvPostMessage); the other codes from the TLFS
 * status table as published in Microsoft's UEFI firmware header {@code HvStatus.h} (MsvmPkg) and TLFS 6.0b
 * header transcriptions.
 */
public enum HvStatus {
    /** {@code HV_STATUS_SUCCESS} 0x0000 (vmbus-core.md §1.3). */
    SUCCESS(0x0000),
    /** {@code HV_STATUS_INVALID_PARAMETER} 0x0005 (TLFS status table): e.g. payload over 240 bytes, bad type. */
    INVALID_PARAMETER(0x0005),
    /** {@code HV_STATUS_INSUFFICIENT_MEMORY} 0x000B (vmbus-core.md §1.3). */
    INSUFFICIENT_MEMORY(0x000B),
    /** {@code HV_STATUS_INVALID_VP_INDEX} 0x000E (TLFS status table): no such virtual processor. */
    INVALID_VP_INDEX(0x000E),
    /** {@code HV_STATUS_INVALID_PORT_ID} 0x0011 (vmbus-core.md §1.3). */
    INVALID_PORT_ID(0x0011),
    /** {@code HV_STATUS_INVALID_CONNECTION_ID} 0x0012 (vmbus-core.md §1.3): no port is connected under this id. */
    INVALID_CONNECTION_ID(0x0012),
    /** {@code HV_STATUS_INSUFFICIENT_BUFFERS} 0x0013 (vmbus-core.md §1.3; TLFS once listed it wrongly as 0x33). */
    INSUFFICIENT_BUFFERS(0x0013),
    /**
     * {@code HV_STATUS_INVALID_VP_STATE} 0x0015 (TLFS status table): the target VP's SynIC message page is disabled,
     * so it is no message target (TLFS "Hypervisor Messages": such a VP is not considered; the error is not named).
     */
    INVALID_VP_STATE(0x0015);

    private final int code;

    HvStatus(int code) {
        this.code = code;
    }

    /** @return the numeric {@code HV_STATUS} */
    public int code() {
        return code;
    }

    /** @return whether this is {@link #SUCCESS} */
    public boolean isSuccess() {
        return this == SUCCESS;
    }

    /**
     * @param code a numeric status
     * @return the status with that code
     * @throws IllegalArgumentException if the code is not one of these
     */
    public static HvStatus fromCode(int code) {
        for (HvStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("hv status: 0x" + Integer.toHexString(code) + " (expected: one of "
                + java.util.Arrays.toString(values()) + ")");
    }

    @Override
    public String toString() {
        return name() + "(0x" + String.format("%04X", code) + ")";
    }
}
