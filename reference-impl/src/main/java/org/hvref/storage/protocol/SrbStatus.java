package org.hvref.storage.protocol;

/**
 * vm_srb.srb_status: a status code in the low 6 bits plus two flag bits (devices-net-storage-pci.md §3.3; OVMM
 * scsi_defs srb.rs {@code SrbStatus}, Windows srb.h values). {@link #code(int)} masks off 0x80|0x40 as §3.8 says
 * (L-STOR {@code SRB_STATUS()}, "Correctly handle multiple flags in srb_status").
 */
public final class SrbStatus {
    /** 0x00 (§3.3; SrbStatus::PENDING). */
    public static final int PENDING = 0x00;
    /** 0x01 (§3.3; SrbStatus::SUCCESS, L-STOR SRB_STATUS_SUCCESS). */
    public static final int SUCCESS = 0x01;
    /** 0x02 (§3.3; SrbStatus::ABORTED, L-STOR SRB_STATUS_ABORTED). */
    public static final int ABORTED = 0x02;
    /** 0x03 (§3.3; SrbStatus::ABORT_FAILED). */
    public static final int ABORT_FAILED = 0x03;
    /** 0x04 (§3.3; SrbStatus::ERROR, L-STOR SRB_STATUS_ERROR). */
    public static final int ERROR = 0x04;
    /** 0x05 (§3.3; SrbStatus::BUSY). */
    public static final int BUSY = 0x05;
    /** 0x06 (§3.3; SrbStatus::INVALID_REQUEST, L-STOR SRB_STATUS_INVALID_REQUEST). */
    public static final int INVALID_REQUEST = 0x06;
    /** 0x07 (§3.3; SrbStatus::INVALID_PATH_ID). */
    public static final int INVALID_PATH_ID = 0x07;
    /** 0x08 (§3.3; SrbStatus::NO_DEVICE). */
    public static final int NO_DEVICE = 0x08;
    /** 0x09 (§3.3; SrbStatus::TIMEOUT). */
    public static final int TIMEOUT = 0x09;
    /** 0x0A (§3.3; SrbStatus::SELECTION_TIMEOUT). */
    public static final int SELECTION_TIMEOUT = 0x0A;
    /** 0x0B (§3.3; SrbStatus::COMMAND_TIMEOUT). */
    public static final int COMMAND_TIMEOUT = 0x0B;
    /** 0x0D (§3.3; SrbStatus::MESSAGE_REJECTED). */
    public static final int MESSAGE_REJECTED = 0x0D;
    /** 0x0E (§3.3; SrbStatus::BUS_RESET). */
    public static final int BUS_RESET = 0x0E;
    /** 0x0F (§3.3; SrbStatus::PARITY_ERROR). */
    public static final int PARITY_ERROR = 0x0F;
    /** 0x10 (§3.3; SrbStatus::REQUEST_SENSE_FAILED). */
    public static final int REQUEST_SENSE_FAILED = 0x10;
    /** 0x11 (§3.3; SrbStatus::NO_HBA). */
    public static final int NO_HBA = 0x11;
    /** 0x12, data_transfer_length still valid (§3.3, §3.8; SrbStatus::DATA_OVERRUN, L-STOR SRB_STATUS_DATA_OVERRUN). */
    public static final int DATA_OVERRUN = 0x12;
    /** 0x13 (§3.3; SrbStatus::UNEXPECTED_BUS_FREE). */
    public static final int UNEXPECTED_BUS_FREE = 0x13;
    /** 0x14 (§3.3; SrbStatus::PHASE_SEQUENCE_FAILURE). */
    public static final int PHASE_SEQUENCE_FAILURE = 0x14;
    /** 0x15 (§3.3; SrbStatus::BAD_SRB_BLOCK_LENGTH). */
    public static final int BAD_SRB_BLOCK_LENGTH = 0x15;
    /** 0x16 (§3.3; SrbStatus::REQUEST_FLUSHED). */
    public static final int REQUEST_FLUSHED = 0x16;
    /** 0x20, LUN absent (§3.3, §3.8; SrbStatus::INVALID_LUN, L-STOR SRB_STATUS_INVALID_LUN). */
    public static final int INVALID_LUN = 0x20;
    /** 0x21 (§3.3; SrbStatus::INVALID_TARGET_ID). */
    public static final int INVALID_TARGET_ID = 0x21;
    /** 0x22 (§3.3; SrbStatus::BAD_FUNCTION). */
    public static final int BAD_FUNCTION = 0x22;
    /** 0x23 (§3.3; SrbStatus::ERROR_RECOVERY). */
    public static final int ERROR_RECOVERY = 0x23;
    /** 0x24 (§3.3; SrbStatus::NOT_POWERED). */
    public static final int NOT_POWERED = 0x24;
    /** 0x25 (§3.3; SrbStatus::LINK_DOWN). */
    public static final int LINK_DOWN = 0x25;
    /** 0x30, returned by Hyper-V although port-driver-only (§3.3, §3.8; SrbStatus::INTERNAL_ERROR). */
    public static final int INTERNAL_ERROR = 0x30;

    /** Flag 0x40: the queue is frozen (§3.3; SrbStatus QUEUE_FROZEN, L-STOR SRB_STATUS_QUEUE_FROZEN). */
    public static final int QUEUE_FROZEN = 0x40;
    /** Flag 0x80: sense_data is valid (§3.3, §3.8; SrbStatus AUTOSENSE_VALID, L-STOR SRB_STATUS_AUTOSENSE_VALID). */
    public static final int AUTOSENSE_VALID = 0x80;
    /** Both flag bits, masked off by {@link #code(int)} (§3.8; L-STOR SRB_STATUS()). */
    public static final int FLAGS = QUEUE_FROZEN | AUTOSENSE_VALID;

    private SrbStatus() {
    }

    /**
     * @param srbStatus the u8 wire value
     * @return the status without the flag bits 0x80|0x40
     */
    public static int code(int srbStatus) {
        return srbStatus & 0xFF & ~FLAGS;
    }

    /**
     * @param srbStatus the u8 wire value
     * @return whether AUTOSENSE_VALID (0x80) is set
     */
    public static boolean autosenseValid(int srbStatus) {
        return (srbStatus & AUTOSENSE_VALID) != 0;
    }

    /**
     * @param srbStatus the u8 wire value
     * @return whether QUEUE_FROZEN (0x40) is set
     */
    public static boolean queueFrozen(int srbStatus) {
        return (srbStatus & QUEUE_FROZEN) != 0;
    }
}
