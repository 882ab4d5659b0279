package org.hvref.storage.vsc;

import java.util.Arrays;
import java.util.Objects;

/**
 * A VSC request that failed: the reason, and for host answers the SRB status (flags included), the SCSI status and
 * the sense data (copied only for CHECK CONDITION with AUTOSENSE_VALID, at most 20 bytes, §3.8).
 */
public final class StorvscIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StorvscIoError reason;
    private final int srbStatus;
    private final int scsiStatus;
    private final byte[] sense;

    /**
     * @param reason     why
     * @param message    what happened
     * @param srbStatus  the srb_status byte of the answer (0 when failed locally)
     * @param scsiStatus the scsi_status byte (0 when failed locally)
     * @param sense      the sense data (empty when none)
     */
    public StorvscIoException(StorvscIoError reason, String message, int srbStatus, int scsiStatus, byte[] sense) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.srbStatus = srbStatus;
        this.scsiStatus = scsiStatus;
        this.sense = sense.clone();
    }

    static StorvscIoException local(StorvscIoError reason, String message) {
        return new StorvscIoException(reason, message, 0, 0, new byte[0]);
    }

    /** @return why */
    public StorvscIoError reason() {
        return reason;
    }

    /** @return the srb_status byte of the host's answer, flags included */
    public int srbStatus() {
        return srbStatus;
    }

    /** @return the scsi_status byte */
    public int scsiStatus() {
        return scsiStatus;
    }

    /** @return a copy of the sense data (fixed format), empty if none */
    public byte[] sense() {
        return sense.clone();
    }

    /** @return the sense key (sense byte 2, low nibble), or -1 without sense */
    public int senseKey() {
        return sense.length > 2 ? sense[2] & 0x0F : -1;
    }

    /** @return the additional sense code (sense byte 12), or -1 without it */
    public int asc() {
        return sense.length > 12 ? sense[12] & 0xFF : -1;
    }

    @Override
    public String toString() {
        return "StorvscIoException[" + reason + ", srb 0x" + Integer.toHexString(srbStatus) + ", scsi 0x"
                + Integer.toHexString(scsiStatus) + ", sense " + Arrays.toString(sense) + ": " + getMessage() + "]";
    }
}
