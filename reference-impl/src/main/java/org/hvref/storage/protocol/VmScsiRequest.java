package org.hvref.storage.protocol;

import java.util.Arrays;
import java.util.Objects;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.wire.FieldRange;

/**
 * vmscsi_request ("vm_srb"), the EXECUTE_SRB payload and its completion (devices-net-storage-pci.md §3.2, §3.5;
 * L-STOR struct vmscsi_request, OVMM-STOR ScsiRequest; layout {@link VmScsiRequestDescriptor}). The length field is
 * not a component: the codec writes the form's length and rejects any other.
 *
 * @param srbStatus          srb_status u8, code and flags ({@link SrbStatus})
 * @param scsiStatus         scsi_status u8 ({@link ScsiStatus})
 * @param portNumber         port_number u8 (OVMM reserved1; the host ignores it)
 * @param pathId             path_id u8
 * @param targetId           target_id u8
 * @param lun                lun u8
 * @param cdbLength          cdb_length u8, at most 16
 * @param senseInfoLength    sense_info_length u8, at most the form's sense size (20 or 18)
 * @param dataIn             data_in u8
 * @param reserved           reserved u8 (OVMM properties)
 * @param dataTransferLength data_transfer_length u32
 * @param cdbOrSense         the 20-byte cdb / sense_data union
 * @param extension          the Win8 extension, {@code null} in the pre-Win8 form
 */
public record VmScsiRequest(int srbStatus, int scsiStatus, int portNumber, int pathId, int targetId, int lun,
        int cdbLength, int senseInfoLength, DataDirection dataIn, int reserved, long dataTransferLength,
        OpaqueBytes cdbOrSense, Win8Extension extension) implements VstorPayload {

    /**
     * The fields after offset 36, present from protocol 5.1 (§3.2 "Win8 extension").
     *
     * @param reserve      reserve u16
     * @param queueTag     queue_tag u8 (Linux 0xFF SP_UNTAGGED)
     * @param queueAction  queue_action u8 (Linux 0x20 SRB_SIMPLE_TAG_REQUEST)
     * @param srbFlags     srb_flags u32 ({@link SrbFlags})
     * @param timeOutValue time_out_value u32 seconds (Linux 60)
     * @param queueSortKey queue_sort_key u32
     */
    public record Win8Extension(int reserve, int queueTag, int queueAction, int srbFlags, int timeOutValue,
            int queueSortKey) {
        /** Linux's queue_tag, 0xFF (§3.2; L-STOR SP_UNTAGGED). */
        public static final int SP_UNTAGGED = 0xFF;
        /** Linux's queue_action, 0x20 (§3.2; L-STOR SRB_SIMPLE_TAG_REQUEST). */
        public static final int SRB_SIMPLE_TAG_REQUEST = 0x20;
        /** All zero. */
        public static final Win8Extension ZERO = new Win8Extension(0, 0, 0, 0, 0, 0);

        /** Validates the widths. */
        public Win8Extension {
            FieldRange.u16("vm srb reserve", reserve);
            FieldRange.u8("vm srb queue tag", queueTag);
            FieldRange.u8("vm srb queue action", queueAction);
        }
    }

    /** Validates widths, the CDB length (<= 16), the sense length (<= 20) and the union's size. */
    public VmScsiRequest {
        FieldRange.u8("vm srb srb status", srbStatus);
        FieldRange.u8("vm srb scsi status", scsiStatus);
        FieldRange.u8("vm srb port number", portNumber);
        FieldRange.u8("vm srb path id", pathId);
        FieldRange.u8("vm srb target id", targetId);
        FieldRange.u8("vm srb lun", lun);
        FieldRange.check(cdbLength >= 0 && cdbLength <= VmScsiRequestDescriptor.CDB_MAX_LENGTH,
                "vm srb cdb length: " + cdbLength + " (expected: 0..16)");
        FieldRange.check(senseInfoLength >= 0 && senseInfoLength <= VmScsiRequestDescriptor.SENSE_LENGTH,
                "vm srb sense info length: " + senseInfoLength + " (expected: 0..20)");
        Objects.requireNonNull(dataIn, "vm srb data in");
        FieldRange.u8("vm srb reserved", reserved);
        FieldRange.check(dataTransferLength >= 0 && dataTransferLength <= 0xFFFF_FFFFL,
                "vm srb data transfer length: " + dataTransferLength + " (expected: 0..4294967295)");
        Objects.requireNonNull(cdbOrSense, "vm srb cdb or sense");
        FieldRange.check(cdbOrSense.length() == VmScsiRequestDescriptor.CDB_OR_SENSE_LENGTH,
                "vm srb cdb or sense: " + cdbOrSense.length() + " bytes (expected: 20)");
    }

    /**
     * A request as a guest builds it: the CDB at the start of the union, the rest zero, statuses zero.
     *
     * @param pathId             path id
     * @param targetId           target id
     * @param lun                LUN
     * @param cdb                the CDB, at most 16 bytes
     * @param dataIn             data direction
     * @param dataTransferLength buffer length
     * @param form               the packet form: its sense size is requested, Win8+ gets {@code extension}
     * @param extension          the Win8 extension (ignored in the pre-Win8 form)
     * @return the request
     */
    public static VmScsiRequest request(int pathId, int targetId, int lun, byte[] cdb, DataDirection dataIn,
            long dataTransferLength, VstorPacketForm form, Win8Extension extension) {
        FieldRange.check(cdb.length <= VmScsiRequestDescriptor.CDB_MAX_LENGTH,
                "cdb: " + cdb.length + " bytes (expected: <= 16)");
        byte[] union = Arrays.copyOf(cdb, VmScsiRequestDescriptor.CDB_OR_SENSE_LENGTH);
        return new VmScsiRequest(0, 0, 0, pathId, targetId, lun, cdb.length, form.senseLength(), dataIn, 0,
                dataTransferLength, OpaqueBytes.of(union),
                form == VstorPacketForm.WIN8 ? Objects.requireNonNull(extension, "extension") : null);
    }

    /** @return the first {@code cdbLength} bytes of the union */
    public byte[] cdb() {
        return Arrays.copyOf(cdbOrSense.toArray(), cdbLength);
    }

    /** @return the first {@code senseInfoLength} bytes of the union (sense data in a completion) */
    public byte[] sense() {
        return Arrays.copyOf(cdbOrSense.toArray(), senseInfoLength);
    }

    /** @return srb_status without the flag bits 0x80|0x40 (§3.8) */
    public int srbStatusCode() {
        return SrbStatus.code(srbStatus);
    }

    @Override
    public VstorPayloadKind kind() {
        return VstorPayloadKind.SRB;
    }

    @Override
    public void checkFits(VstorPacketForm form) {
        FieldRange.check((extension != null) == (form == VstorPacketForm.WIN8), "vm srb win8 extension: "
                + (extension == null ? "absent" : "present") + " (expected: present exactly in form WIN8, form is "
                + form + ")");
        FieldRange.check(senseInfoLength <= form.senseLength(), "vm srb sense info length: " + senseInfoLength
                + " (expected: <= " + form.senseLength() + " in form " + form + ")");
    }
}
