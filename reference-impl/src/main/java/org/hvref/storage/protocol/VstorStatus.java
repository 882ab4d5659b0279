package org.hvref.storage.protocol;

/**
 * vstor_packet.status: an NTSTATUS set by the VSP in completions (devices-net-storage-pci.md §3.3; OVMM-STOR
 * {@code NtStatus}). Linux ignores it for I/O and requires 0 for init operations.
 */
public final class VstorStatus {
    /** 0x00000000 (§3.3; OVMM-STOR NtStatus::SUCCESS). */
    public static final int SUCCESS = 0x00000000;
    /** 0x80000005, from SRB DATA_OVERRUN (§3.3; OVMM-STOR NtStatus::BUFFER_OVERFLOW). */
    public static final int BUFFER_OVERFLOW = 0x80000005;
    /** 0x80000011, from SRB BUSY (§3.3; OVMM-STOR NtStatus::DEVICE_BUSY). */
    public static final int DEVICE_BUSY = 0x80000011;
    /** 0xC0000001 (§3.3; OVMM-STOR NtStatus::UNSUCCESSFUL). */
    public static final int UNSUCCESSFUL = 0xC0000001;
    /** 0xC000000D, e.g. a bad sub-channel count (§3.3, §3.4; OVMM-STOR NtStatus::INVALID_PARAMETER). */
    public static final int INVALID_PARAMETER = 0xC000000D;
    /** 0xC0000010 (§3.3; OVMM-STOR NtStatus::INVALID_DEVICE_REQUEST). */
    public static final int INVALID_DEVICE_REQUEST = 0xC0000010;
    /** 0xC0000059, version not supported (§3.3, §3.4; OVMM-STOR NtStatus::REVISION_MISMATCH). */
    public static final int REVISION_MISMATCH = 0xC0000059;
    /** 0xC000009D (§3.3; OVMM-STOR NtStatus::DEVICE_NOT_CONNECTED). */
    public static final int DEVICE_NOT_CONNECTED = 0xC000009D;
    /** 0xC00000B5 (§3.3; OVMM-STOR NtStatus::IO_TIMEOUT). */
    public static final int IO_TIMEOUT = 0xC00000B5;
    /** 0xC00000C0 (§3.3; OVMM-STOR NtStatus::DEVICE_DOES_NOT_EXIST). */
    public static final int DEVICE_DOES_NOT_EXIST = 0xC00000C0;
    /** 0xC0000120 (§3.3; OVMM-STOR NtStatus::CANCELLED). */
    public static final int CANCELLED = 0xC0000120;
    /** 0xC0000184, packet out of order (§3.3, §3.4; OVMM-STOR NtStatus::INVALID_DEVICE_STATE). */
    public static final int INVALID_DEVICE_STATE = 0xC0000184;
    /** 0xC0000185 (§3.3; OVMM-STOR NtStatus::IO_DEVICE_ERROR). */
    public static final int IO_DEVICE_ERROR = 0xC0000185;

    private VstorStatus() {
    }

    /**
     * The NTSTATUS of an EXECUTE_SRB completion for its SRB status (§3.3; OVMM storvsp
     * {@code convert_srb_status_to_nt_status}); the flag bits 0x80|0x40 are masked off first.
     *
     * @param srbStatus the u8 srb_status
     * @return the NTSTATUS
     */
    public static int ofSrbStatus(int srbStatus) {
        switch (SrbStatus.code(srbStatus)) {
            case SrbStatus.SUCCESS:
                return SUCCESS;
            case SrbStatus.BUSY:
                return DEVICE_BUSY;
            case SrbStatus.INVALID_LUN:
            case SrbStatus.INVALID_TARGET_ID:
            case SrbStatus.NO_DEVICE:
            case SrbStatus.NO_HBA:
                return DEVICE_DOES_NOT_EXIST;
            case SrbStatus.TIMEOUT:
            case SrbStatus.COMMAND_TIMEOUT:
                return IO_TIMEOUT;
            case SrbStatus.SELECTION_TIMEOUT:
                return DEVICE_NOT_CONNECTED;
            case SrbStatus.BAD_FUNCTION:
            case SrbStatus.BAD_SRB_BLOCK_LENGTH:
                return INVALID_DEVICE_REQUEST;
            case SrbStatus.DATA_OVERRUN:
                return BUFFER_OVERFLOW;
            case SrbStatus.REQUEST_FLUSHED:
                return UNSUCCESSFUL;
            case SrbStatus.ABORTED:
                return CANCELLED;
            default:
                return IO_DEVICE_ERROR;
        }
    }

    /**
     * @param status an NTSTATUS
     * @return whether its severity bits say error (0xC...)
     */
    public static boolean isError(int status) {
        return (status >>> 30) == 3;
    }
}
