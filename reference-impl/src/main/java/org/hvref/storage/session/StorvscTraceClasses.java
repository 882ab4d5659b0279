package org.hvref.storage.session;

import org.hvref.storage.protocol.SrbStatus;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.scsi.ScsiOpcode;

/**
 * How wire statuses map to the status classes of StorvscProtocol traces (storvsc/CONTRACT.md "Status classes").
 */
public final class StorvscTraceClasses {
    private StorvscTraceClasses() {
    }

    /**
     * The class of a vstor status (§3.3): {@code success}, {@code mismatch} (REVISION_MISMATCH), {@code invalidState}
     * (INVALID_DEVICE_STATE), {@code invalidParameter} (INVALID_PARAMETER), else {@code other} (not in the spec).
     *
     * @param status the NTSTATUS
     * @return its class
     */
    public static String status(int status) {
        switch (status) {
            case VstorStatus.SUCCESS:
                return "success";
            case VstorStatus.REVISION_MISMATCH:
                return "mismatch";
            case VstorStatus.INVALID_DEVICE_STATE:
                return "invalidState";
            case VstorStatus.INVALID_PARAMETER:
                return "invalidParameter";
            default:
                return "other";
        }
    }

    /**
     * The class of the vstor status of an EXECUTE_SRB completion: the spec models the status of a completed SRB as
     * {@code success} whatever NTSTATUS the SRB status maps to (§3.3: Linux ignores the vstor status for I/O and reads
     * srb_status / scsi_status), and tells only an out-of-order packet ({@code invalidState}) apart.
     *
     * @param status the NTSTATUS of the completion
     * @return {@code invalidState} for INVALID_DEVICE_STATE, else {@code success}
     */
    public static String srbCompletionStatus(int status) {
        return status == VstorStatus.INVALID_DEVICE_STATE ? "invalidState" : "success";
    }

    /**
     * The class of an SRB status after masking 0xC0 (§3.8): {@code success} (0x01), {@code invalidLun} (0x20),
     * {@code internal} (0x30), {@code error} (anything else).
     *
     * @param srbStatus the srb_status byte, flags included
     * @return its class
     */
    public static String srb(int srbStatus) {
        switch (SrbStatus.code(srbStatus)) {
            case SrbStatus.SUCCESS:
                return "success";
            case SrbStatus.INVALID_LUN:
                return "invalidLun";
            case SrbStatus.INTERNAL_ERROR:
                return "internal";
            default:
                return "error";
        }
    }

    /**
     * The class of a command sent to a visible LUN ({@code cdb} of {@code GuestIssueIo}, CONTRACT.md): {@code ident}
     * for REPORT LUNS (0xA0) and INQUIRY (0x12, standard and VPD), which an absent LUN answers without INVALID_LUN
     * (§3.7), else {@code io}.
     *
     * @param cdb the CDB (at least one byte)
     * @return {@code ident} or {@code io}
     */
    public static String cdbClass(byte[] cdb) {
        int opcode = cdb[0] & 0xFF;
        return opcode == ScsiOpcode.REPORT_LUNS || opcode == ScsiOpcode.INQUIRY ? "ident" : "io";
    }
}
