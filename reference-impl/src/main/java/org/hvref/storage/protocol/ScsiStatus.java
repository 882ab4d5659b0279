package org.hvref.storage.protocol;

/** vm_srb.scsi_status: the SCSI status byte (devices-net-storage-pci.md §3.2 vmscsi_request offset 3). */
public final class ScsiStatus {
    /** 0x00 GOOD (§3.2). */
    public static final int GOOD = 0x00;
    /** 0x02 CHECK CONDITION, sense follows when AUTOSENSE_VALID (§3.2, §3.8). */
    public static final int CHECK_CONDITION = 0x02;
    /** 0x08 BUSY (§3.2). */
    public static final int BUSY = 0x08;
    /** 0x18 RESERVATION CONFLICT (§3.2). */
    public static final int RESERVATION_CONFLICT = 0x18;
    /** 0x40 TASK ABORTED (§3.2). */
    public static final int TASK_ABORTED = 0x40;

    private ScsiStatus() {
    }
}
