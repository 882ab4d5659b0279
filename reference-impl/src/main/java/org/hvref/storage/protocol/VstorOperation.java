package org.hvref.storage.protocol;

import java.util.Optional;

/**
 * vstor_packet.operation (devices-net-storage-pci.md §3.2; L-STOR {@code enum vstor_packet_operation}, OVMM-STOR
 * {@code Operation}). Linux's VSTOR_OPERATION_MAXIMUM is 13; 14 exists in openvmm only.
 */
public enum VstorOperation {
    /** 1: every completion from the VSP (§3.2; L-STOR VSTOR_OPERATION_COMPLETE_IO, OVMM-STOR COMPLETE_IO). */
    COMPLETE_IO(1),
    /** 2: host-initiated device removal (§3.2, §3.5; L-STOR VSTOR_OPERATION_REMOVE_DEVICE). */
    REMOVE_DEVICE(2),
    /** 3: a SCSI request in vm_srb (§3.2, §3.5; L-STOR VSTOR_OPERATION_EXECUTE_SRB). */
    EXECUTE_SRB(3),
    /** 4: LUN reset, a no-op in openvmm (§3.5; L-STOR VSTOR_OPERATION_RESET_LUN). */
    RESET_LUN(4),
    /** 5: adapter reset, a no-op in openvmm (§3.5; L-STOR VSTOR_OPERATION_RESET_ADAPTER). */
    RESET_ADAPTER(5),
    /** 6: bus reset with vm_srb.path_id (§3.5; L-STOR VSTOR_OPERATION_RESET_BUS). */
    RESET_BUS(6),
    /** 7: first init step (§3.4; L-STOR VSTOR_OPERATION_BEGIN_INITIALIZATION). */
    BEGIN_INITIALIZATION(7),
    /** 8: last init step (§3.4; L-STOR VSTOR_OPERATION_END_INITIALIZATION). */
    END_INITIALIZATION(8),
    /** 9: version offer (§3.4; L-STOR VSTOR_OPERATION_QUERY_PROTOCOL_VERSION). */
    QUERY_PROTOCOL_VERSION(9),
    /** 10: channel properties query (§3.4; L-STOR VSTOR_OPERATION_QUERY_PROPERTIES). */
    QUERY_PROPERTIES(10),
    /** 11: host-initiated LUN rescan request (§3.5; L-STOR VSTOR_OPERATION_ENUMERATE_BUS). */
    ENUMERATE_BUS(11),
    /** 12: Fibre Channel WWNs during init (§3.4; L-STOR VSTOR_OPERATION_FCHBA_DATA). */
    FCHBA_DATA(12),
    /** 13: sub-channel request (§3.4; L-STOR VSTOR_OPERATION_CREATE_SUB_CHANNELS). */
    CREATE_SUB_CHANNELS(13),
    /** 14: openvmm only (§3.2; OVMM-STOR EVENT_NOTIFICATION). */
    EVENT_NOTIFICATION(14);

    private static final VstorOperation[] BY_CODE = values();

    private final int code;

    VstorOperation(int code) {
        this.code = code;
    }

    /** @return the u32 wire value */
    public int code() {
        return code;
    }

    /**
     * @param code a u32 wire value
     * @return the operation, empty for codes outside 1..14
     */
    public static Optional<VstorOperation> of(int code) {
        return code >= 1 && code <= BY_CODE.length ? Optional.of(BY_CODE[code - 1]) : Optional.empty();
    }
}
