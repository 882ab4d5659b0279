package org.hvref.storage.vsc;

/**
 * A successful answer to one EXECUTE_SRB, as the VSC read it (§3.8): SRB and SCSI status, bytes transferred (clamped
 * to the request's buffer) and the data-in bytes (the first {@code transferred} bytes of the buffer).
 *
 * @param srbStatus   srb_status byte as received (flags included)
 * @param scsiStatus  scsi_status (after the INQUIRY / MODE SENSE quirk: 0)
 * @param transferred bytes transferred, at most the buffer length
 * @param data        data-in bytes (empty for commands without data-in)
 */
public record SrbResult(int srbStatus, int scsiStatus, int transferred, byte[] data) {
    /** Copies the data. */
    public SrbResult {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
