package org.hvref.storage.scsi;

/**
 * A sense key with its additional sense code and qualifier, and its fixed-format (response code 0x70) encoding.
 *
 * <p>Fixed format (SCSI-REF "fixed format sense data"): byte 0 = 0x70 (current error), byte 2 = sense key, byte 7 =
 * additional sense length (n - 7), byte 12 = ASC, byte 13 = ASCQ, every other byte 0. StorVSC uses 18 bytes before
 * WIN8 and 20 from WIN8 on (devices-net-storage-pci.md §3.2).
 *
 * @param key  the sense key (0..15)
 * @param asc  the additional sense code
 * @param ascq the additional sense code qualifier
 */
public record ScsiSense(int key, int asc, int ascq) {
    /** Sense key NO SENSE (SCSI-REF sense key table). */
    public static final int KEY_NO_SENSE = 0x0;
    /** Sense key MEDIUM ERROR (SCSI-REF; devices-net-storage-pci.md §3.7 "I/O error"). */
    public static final int KEY_MEDIUM_ERROR = 0x3;
    /** Sense key ILLEGAL REQUEST (SCSI-REF; devices-net-storage-pci.md §3.7). */
    public static final int KEY_ILLEGAL_REQUEST = 0x5;
    /** Sense key DATA PROTECT (SCSI-REF; devices-net-storage-pci.md §3.7 "write to read-only"). */
    public static final int KEY_DATA_PROTECT = 0x7;

    /** ASC WRITE ERROR (0x0C/0x00, SCSI-REF ASC table). */
    public static final int ASC_WRITE_ERROR = 0x0C;
    /** ASC UNRECOVERED READ ERROR (0x11/0x00, SCSI-REF ASC table). */
    public static final int ASC_UNRECOVERED_READ_ERROR = 0x11;
    /** ASC PARAMETER LIST LENGTH ERROR (0x1A/0x00, SCSI-REF ASC table). */
    public static final int ASC_PARAMETER_LIST_LENGTH_ERROR = 0x1A;
    /** ASC INVALID COMMAND OPERATION CODE (0x20/0x00, SCSI-REF ASC table). */
    public static final int ASC_INVALID_OPCODE = 0x20;
    /** ASC LOGICAL BLOCK ADDRESS OUT OF RANGE (0x21/0x00, devices-net-storage-pci.md §3.7). */
    public static final int ASC_LBA_OUT_OF_RANGE = 0x21;
    /** ASC INVALID FIELD IN CDB (0x24/0x00, devices-net-storage-pci.md §3.7). */
    public static final int ASC_INVALID_FIELD_IN_CDB = 0x24;
    /** ASC LOGICAL UNIT NOT SUPPORTED (0x25/0x00, SCSI-REF ASC table). */
    public static final int ASC_LUN_NOT_SUPPORTED = 0x25;
    /** ASC INVALID FIELD IN PARAMETER LIST (0x26/0x00, SCSI-REF UNMAP). */
    public static final int ASC_INVALID_FIELD_IN_PARAMETER_LIST = 0x26;
    /** ASC WRITE PROTECTED (0x27/0x00, devices-net-storage-pci.md §3.7). */
    public static final int ASC_WRITE_PROTECTED = 0x27;
    /** ASC SAVING PARAMETERS NOT SUPPORTED (0x39/0x00, SCSI-REF MODE SENSE; §3.7 "saved values unsupported"). */
    public static final int ASC_SAVING_PARAMETERS_NOT_SUPPORTED = 0x39;

    /** Response code of fixed-format sense data for a current error (SCSI-REF). */
    public static final int RESPONSE_CODE_FIXED_CURRENT = 0x70;
    /** Fixed-format sense length before WIN8 (PRE_WIN8 sense buffer, devices-net-storage-pci.md §3.2). */
    public static final int LENGTH_PRE_WIN8 = 18;
    /** Fixed-format sense length from WIN8 on (POST_WIN7 sense buffer, devices-net-storage-pci.md §3.2). */
    public static final int LENGTH_WIN8 = 20;

    /** The sense of a command that completed without error (REQUEST SENSE with nothing pending). */
    public static final ScsiSense NO_SENSE = new ScsiSense(KEY_NO_SENSE, 0, 0);

    /** Validates the field ranges. */
    public ScsiSense {
        if (key < 0 || key > 0xF || asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
            throw new IllegalArgumentException("sense: key " + key + " asc " + asc + " ascq " + ascq
                    + " (expected: key 0..15, asc/ascq 0..255)");
        }
    }

    /** @return ILLEGAL REQUEST / INVALID FIELD IN CDB */
    static ScsiSense invalidFieldInCdb() {
        return new ScsiSense(KEY_ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB, 0);
    }

    /**
     * Encodes the sense in fixed format.
     *
     * @param length 18 ({@link #LENGTH_PRE_WIN8}) or 20 ({@link #LENGTH_WIN8}), or any length from 14 to 252
     * @return the sense bytes
     */
    public byte[] toFixedFormat(int length) {
        if (length < 14 || length > 252) {
            throw new IllegalArgumentException("sense length: " + length + " (expected: 14..252)");
        }
        byte[] b = new byte[length];
        b[0] = (byte) RESPONSE_CODE_FIXED_CURRENT;
        b[2] = (byte) key;
        b[7] = (byte) (length - 8);
        b[12] = (byte) asc;
        b[13] = (byte) ascq;
        return b;
    }
}
