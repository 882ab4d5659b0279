package org.hvref.storage.scsi;

/**
 * Operation codes the target implements and their CDB lengths (devices-net-storage-pci.md §3.7 "typical sequence";
 * lengths from the SCSI-REF CDB tables; group 0 = 6 bytes, groups 1-2 = 10, group 4 = 16, group 5 = 12).
 */
public final class ScsiOpcode {
    /** TEST UNIT READY (§3.7). */
    public static final int TEST_UNIT_READY = 0x00;
    /** REQUEST SENSE (§3.7). */
    public static final int REQUEST_SENSE = 0x03;
    /** READ(6) (SCSI-REF). */
    public static final int READ_6 = 0x08;
    /** WRITE(6) (SCSI-REF). */
    public static final int WRITE_6 = 0x0A;
    /** INQUIRY (§3.7). */
    public static final int INQUIRY = 0x12;
    /** MODE SENSE(6) (§3.7). */
    public static final int MODE_SENSE_6 = 0x1A;
    /** START STOP UNIT (§3.7). */
    public static final int START_STOP_UNIT = 0x1B;
    /** READ CAPACITY(10) (§3.7). */
    public static final int READ_CAPACITY_10 = 0x25;
    /** READ(10) (§3.7). */
    public static final int READ_10 = 0x28;
    /** WRITE(10) (§3.7). */
    public static final int WRITE_10 = 0x2A;
    /** SYNCHRONIZE CACHE(10) (§3.7). */
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    /** UNMAP (§3.7). */
    public static final int UNMAP = 0x42;
    /** MODE SENSE(10) (SCSI-REF). */
    public static final int MODE_SENSE_10 = 0x5A;
    /** READ(16) (§3.7). */
    public static final int READ_16 = 0x88;
    /** WRITE(16) (§3.7). */
    public static final int WRITE_16 = 0x8A;
    /** SYNCHRONIZE CACHE(16) (§3.7). */
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    /** SERVICE ACTION IN(16); service action 0x10 = READ CAPACITY(16) (§3.7). */
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    /** Service action of SERVICE ACTION IN(16) that is READ CAPACITY(16) (§3.7). */
    public static final int SA_READ_CAPACITY_16 = 0x10;
    /** REPORT LUNS (§3.7). */
    public static final int REPORT_LUNS = 0xA0;
    /** READ(12) (SCSI-REF). */
    public static final int READ_12 = 0xA8;
    /** WRITE(12) (SCSI-REF). */
    public static final int WRITE_12 = 0xAA;

    /** Longest CDB a StorVSC request carries (vm_srb cdb[16], devices-net-storage-pci.md §3.2). */
    public static final int MAX_CDB_LENGTH = 16;

    private ScsiOpcode() {
    }

    /**
     * The CDB length of an implemented opcode.
     *
     * @param opcode the operation code
     * @return its CDB length, or 0 if the target does not implement it
     */
    public static int cdbLength(int opcode) {
        return switch (opcode) {
            case TEST_UNIT_READY, REQUEST_SENSE, READ_6, WRITE_6, INQUIRY, MODE_SENSE_6, START_STOP_UNIT -> 6;
            case READ_CAPACITY_10, READ_10, WRITE_10, SYNCHRONIZE_CACHE_10, UNMAP, MODE_SENSE_10 -> 10;
            case REPORT_LUNS, READ_12, WRITE_12 -> 12;
            case READ_16, WRITE_16, SYNCHRONIZE_CACHE_16, SERVICE_ACTION_IN_16 -> 16;
            default -> 0;
        };
    }
}
