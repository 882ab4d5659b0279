package org.hvref.storage.scsi;

/** SCSI status bytes the target returns (vm_srb scsi_status, devices-net-storage-pci.md §3.2). */
public final class ScsiStatus {
    /** GOOD (§3.2). */
    public static final int GOOD = 0x00;
    /** CHECK CONDITION: sense data describes the error (§3.2). */
    public static final int CHECK_CONDITION = 0x02;

    private ScsiStatus() {
    }
}
