package org.hvref.storage.scsi;

import java.util.Objects;

/**
 * The outcome of one command: SCSI status, sense (for CHECK CONDITION), the data-in bytes and how the transfer
 * compares with the initiator's buffer.
 *
 * @param status      {@link ScsiStatus#GOOD} or {@link ScsiStatus#CHECK_CONDITION}
 * @param sense       the sense, {@code null} exactly when the status is GOOD
 * @param dataIn      bytes for the initiator's data-in buffer (never longer than it; empty for data-out commands)
 * @param transferred bytes moved: {@code dataIn.length} for data-in commands, bytes consumed for data-out commands
 * @param residual    the initiator's buffer length minus {@code transferred} (never negative)
 * @param overrun     the target had more data-in bytes (within the CDB's allocation length) than the buffer held;
 *                    the protocol layer reports SRB DATA_OVERRUN (devices-net-storage-pci.md §3.7, §3.8)
 * @param invalidLun  the LUN does not exist; the protocol layer reports SRB INVALID_LUN (0x20) with this CHECK
 *                    CONDITION (devices-net-storage-pci.md §3.7), which Linux turns into LUN removal (§3.8)
 */
public record ScsiResult(int status, ScsiSense sense, byte[] dataIn, int transferred, int residual, boolean overrun,
        boolean invalidLun) {
    private static final byte[] NONE = new byte[0];

    /** Validates the invariants between the fields. */
    public ScsiResult {
        Objects.requireNonNull(dataIn, "dataIn");
        if ((status == ScsiStatus.GOOD) != (sense == null)
                || (status != ScsiStatus.GOOD && status != ScsiStatus.CHECK_CONDITION)) {
            throw new IllegalArgumentException("result: status " + status + " sense " + sense
                    + " (expected: GOOD without sense or CHECK CONDITION with sense)");
        }
        if (transferred < 0 || residual < 0) {
            throw new IllegalArgumentException("result: transferred " + transferred + " residual " + residual
                    + " (expected: >= 0)");
        }
    }

    static ScsiResult good(byte[] dataIn, int bufferLength, boolean overrun) {
        return new ScsiResult(ScsiStatus.GOOD, null, dataIn, dataIn.length, bufferLength - dataIn.length, overrun,
                false);
    }

    static ScsiResult goodDataOut(int consumed, int bufferLength) {
        return new ScsiResult(ScsiStatus.GOOD, null, NONE, consumed, bufferLength - consumed, false, false);
    }

    static ScsiResult checkCondition(ScsiSense sense, int bufferLength, boolean invalidLun) {
        return new ScsiResult(ScsiStatus.CHECK_CONDITION, Objects.requireNonNull(sense, "sense"), NONE, 0,
                bufferLength, false, invalidLun);
    }

    /** @return whether the status is GOOD */
    public boolean good() {
        return status == ScsiStatus.GOOD;
    }

    /**
     * The sense in fixed format, as the negotiated StorVSC version sizes it.
     *
     * @param length {@link ScsiSense#LENGTH_PRE_WIN8} (18) or {@link ScsiSense#LENGTH_WIN8} (20)
     * @return the sense bytes, or an empty array when the status is GOOD
     */
    public byte[] senseData(int length) {
        return sense == null ? NONE : sense.toFixedFormat(length);
    }
}
