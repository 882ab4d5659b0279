package org.hvref.storage.protocol;

/**
 * Layout of vmscsi_request ("vm_srb"), offsets relative to the payload at packet offset 12; the Win8 extension
 * starts at 36 (devices-net-storage-pci.md §3.2; L-STOR struct vmscsi_request, OVMM-STOR ScsiRequest). All fields
 * little-endian, packed.
 *
 * <pre>
 *    off  size  field
 *    ---  ----  -----
 *      0     2  length u16 (0x34 Win8+, 0x24 pre-Win8)
 *      2     1  srb_status u8
 *      3     1  scsi_status u8
 *      4     1  port_number u8 (OVMM reserved1)
 *      5     1  path_id u8
 *      6     1  target_id u8
 *      7     1  lun u8
 *      8     1  cdb_length u8 (<= 16)
 *      9     1  sense_info_length u8 (OVMM sense_info_ex_length)
 *     10     1  data_in u8 (0 write, 1 read, 2 none)
 *     11     1  reserved u8 (OVMM properties)
 *     12     4  data_transfer_length u32
 *     16    20  cdb[16] / sense_data[20] union
 *     36     2  [Win8] reserve u16
 *     38     1  [Win8] queue_tag u8
 *     39     1  [Win8] queue_action u8
 *     40     4  [Win8] srb_flags u32
 *     44     4  [Win8] time_out_value u32 (seconds)
 *     48     4  [Win8] queue_sort_key u32 (L-STOR queue_sort_ey)
 * </pre>
 */
public final class VmScsiRequestDescriptor {
    /** Offset of length u16 (0x34 Win8+, 0x24 pre-Win8) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int LENGTH_FIELD_OFFSET = 0;
    /** Length of length u16 (0x34 Win8+, 0x24 pre-Win8) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int LENGTH_FIELD_LENGTH = 2;
    /** Offset of srb_status u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SRB_STATUS_OFFSET = 2;
    /** Length of srb_status u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SRB_STATUS_LENGTH = 1;
    /** Offset of scsi_status u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SCSI_STATUS_OFFSET = 3;
    /** Length of scsi_status u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SCSI_STATUS_LENGTH = 1;
    /** Offset of port_number u8 (OVMM reserved1) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int PORT_NUMBER_OFFSET = 4;
    /** Length of port_number u8 (OVMM reserved1) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int PORT_NUMBER_LENGTH = 1;
    /** Offset of path_id u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int PATH_ID_OFFSET = 5;
    /** Length of path_id u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int PATH_ID_LENGTH = 1;
    /** Offset of target_id u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int TARGET_ID_OFFSET = 6;
    /** Length of target_id u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int TARGET_ID_LENGTH = 1;
    /** Offset of lun u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int LUN_OFFSET = 7;
    /** Length of lun u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int LUN_LENGTH = 1;
    /** Offset of cdb_length u8 (<= 16) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int CDB_LENGTH_OFFSET = 8;
    /** Length of cdb_length u8 (<= 16) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int CDB_LENGTH_LENGTH = 1;
    /** Offset of sense_info_length u8 (OVMM sense_info_ex_length) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SENSE_INFO_LENGTH_OFFSET = 9;
    /** Length of sense_info_length u8 (OVMM sense_info_ex_length) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SENSE_INFO_LENGTH_LENGTH = 1;
    /** Offset of data_in u8 (0 write, 1 read, 2 none) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int DATA_IN_OFFSET = 10;
    /** Length of data_in u8 (0 write, 1 read, 2 none) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int DATA_IN_LENGTH = 1;
    /** Offset of reserved u8 (OVMM properties) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int RESERVED_OFFSET = 11;
    /** Length of reserved u8 (OVMM properties) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int RESERVED_LENGTH = 1;
    /** Offset of data_transfer_length u32 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int DATA_TRANSFER_LENGTH_OFFSET = 12;
    /** Length of data_transfer_length u32 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int DATA_TRANSFER_LENGTH_LENGTH = 4;
    /** Offset of cdb[16] / sense_data[20] union (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int CDB_OR_SENSE_OFFSET = 16;
    /** Length of cdb[16] / sense_data[20] union (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int CDB_OR_SENSE_LENGTH = 20;
    /** Offset of [Win8] reserve u16 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int RESERVE_OFFSET = 36;
    /** Length of [Win8] reserve u16 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int RESERVE_LENGTH = 2;
    /** Offset of [Win8] queue_tag u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int QUEUE_TAG_OFFSET = 38;
    /** Length of [Win8] queue_tag u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int QUEUE_TAG_LENGTH = 1;
    /** Offset of [Win8] queue_action u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int QUEUE_ACTION_OFFSET = 39;
    /** Length of [Win8] queue_action u8 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int QUEUE_ACTION_LENGTH = 1;
    /** Offset of [Win8] srb_flags u32 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SRB_FLAGS_OFFSET = 40;
    /** Length of [Win8] srb_flags u32 (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int SRB_FLAGS_LENGTH = 4;
    /** Offset of [Win8] time_out_value u32 (seconds) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int TIME_OUT_VALUE_OFFSET = 44;
    /** Length of [Win8] time_out_value u32 (seconds) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int TIME_OUT_VALUE_LENGTH = 4;
    /** Offset of [Win8] queue_sort_key u32 (L-STOR queue_sort_ey) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int QUEUE_SORT_KEY_OFFSET = 48;
    /** Length of [Win8] queue_sort_key u32 (L-STOR queue_sort_ey) (fact sheet §3.2; L-STOR struct vmscsi_request). */
    public static final int QUEUE_SORT_KEY_LENGTH = 4;
    /** Win8+ vm_srb length 0x34 (devices-net-storage-pci.md §3.2; OVMM-STOR SCSI_REQUEST_LEN_V2). */
    public static final int LENGTH = 52;
    /** Pre-Win8 vm_srb length 0x24 (devices-net-storage-pci.md §3.2; OVMM-STOR SCSI_REQUEST_LEN_V1). */
    public static final int LENGTH_PRE_WIN8 = 36;
    /** Largest CDB, 16 (devices-net-storage-pci.md §3.2; L-STOR vmscsi_request cdb[16], OVMM-STOR cdb_length). */
    public static final int CDB_MAX_LENGTH = 16;
    /** Win8+ sense size 0x14 (devices-net-storage-pci.md §3.2; L-STOR POST_WIN7_STORVSC_SENSE_BUFFER_SIZE). */
    public static final int SENSE_LENGTH = 20;
    /** Pre-Win8 sense size 0x12 (devices-net-storage-pci.md §3.2; L-STOR PRE_WIN8_STORVSC_SENSE_BUFFER_SIZE). */
    public static final int SENSE_LENGTH_PRE_WIN8 = 18;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #LENGTH_FIELD_OFFSET} */
    public static int lengthFieldOffset() {
        return LENGTH_FIELD_OFFSET;
    }

    /** @return {@link #LENGTH_FIELD_LENGTH} */
    public static int lengthFieldLength() {
        return LENGTH_FIELD_LENGTH;
    }

    /** @return {@link #SRB_STATUS_OFFSET} */
    public static int srbStatusOffset() {
        return SRB_STATUS_OFFSET;
    }

    /** @return {@link #SRB_STATUS_LENGTH} */
    public static int srbStatusLength() {
        return SRB_STATUS_LENGTH;
    }

    /** @return {@link #SCSI_STATUS_OFFSET} */
    public static int scsiStatusOffset() {
        return SCSI_STATUS_OFFSET;
    }

    /** @return {@link #SCSI_STATUS_LENGTH} */
    public static int scsiStatusLength() {
        return SCSI_STATUS_LENGTH;
    }

    /** @return {@link #PORT_NUMBER_OFFSET} */
    public static int portNumberOffset() {
        return PORT_NUMBER_OFFSET;
    }

    /** @return {@link #PORT_NUMBER_LENGTH} */
    public static int portNumberLength() {
        return PORT_NUMBER_LENGTH;
    }

    /** @return {@link #PATH_ID_OFFSET} */
    public static int pathIdOffset() {
        return PATH_ID_OFFSET;
    }

    /** @return {@link #PATH_ID_LENGTH} */
    public static int pathIdLength() {
        return PATH_ID_LENGTH;
    }

    /** @return {@link #TARGET_ID_OFFSET} */
    public static int targetIdOffset() {
        return TARGET_ID_OFFSET;
    }

    /** @return {@link #TARGET_ID_LENGTH} */
    public static int targetIdLength() {
        return TARGET_ID_LENGTH;
    }

    /** @return {@link #LUN_OFFSET} */
    public static int lunOffset() {
        return LUN_OFFSET;
    }

    /** @return {@link #LUN_LENGTH} */
    public static int lunLength() {
        return LUN_LENGTH;
    }

    /** @return {@link #CDB_LENGTH_OFFSET} */
    public static int cdbLengthOffset() {
        return CDB_LENGTH_OFFSET;
    }

    /** @return {@link #CDB_LENGTH_LENGTH} */
    public static int cdbLengthLength() {
        return CDB_LENGTH_LENGTH;
    }

    /** @return {@link #SENSE_INFO_LENGTH_OFFSET} */
    public static int senseInfoLengthOffset() {
        return SENSE_INFO_LENGTH_OFFSET;
    }

    /** @return {@link #SENSE_INFO_LENGTH_LENGTH} */
    public static int senseInfoLengthLength() {
        return SENSE_INFO_LENGTH_LENGTH;
    }

    /** @return {@link #DATA_IN_OFFSET} */
    public static int dataInOffset() {
        return DATA_IN_OFFSET;
    }

    /** @return {@link #DATA_IN_LENGTH} */
    public static int dataInLength() {
        return DATA_IN_LENGTH;
    }

    /** @return {@link #RESERVED_OFFSET} */
    public static int reservedOffset() {
        return RESERVED_OFFSET;
    }

    /** @return {@link #RESERVED_LENGTH} */
    public static int reservedLength() {
        return RESERVED_LENGTH;
    }

    /** @return {@link #DATA_TRANSFER_LENGTH_OFFSET} */
    public static int dataTransferLengthOffset() {
        return DATA_TRANSFER_LENGTH_OFFSET;
    }

    /** @return {@link #DATA_TRANSFER_LENGTH_LENGTH} */
    public static int dataTransferLengthLength() {
        return DATA_TRANSFER_LENGTH_LENGTH;
    }

    /** @return {@link #CDB_OR_SENSE_OFFSET} */
    public static int cdbOrSenseOffset() {
        return CDB_OR_SENSE_OFFSET;
    }

    /** @return {@link #CDB_OR_SENSE_LENGTH} */
    public static int cdbOrSenseLength() {
        return CDB_OR_SENSE_LENGTH;
    }

    /** @return {@link #RESERVE_OFFSET} */
    public static int reserveOffset() {
        return RESERVE_OFFSET;
    }

    /** @return {@link #RESERVE_LENGTH} */
    public static int reserveLength() {
        return RESERVE_LENGTH;
    }

    /** @return {@link #QUEUE_TAG_OFFSET} */
    public static int queueTagOffset() {
        return QUEUE_TAG_OFFSET;
    }

    /** @return {@link #QUEUE_TAG_LENGTH} */
    public static int queueTagLength() {
        return QUEUE_TAG_LENGTH;
    }

    /** @return {@link #QUEUE_ACTION_OFFSET} */
    public static int queueActionOffset() {
        return QUEUE_ACTION_OFFSET;
    }

    /** @return {@link #QUEUE_ACTION_LENGTH} */
    public static int queueActionLength() {
        return QUEUE_ACTION_LENGTH;
    }

    /** @return {@link #SRB_FLAGS_OFFSET} */
    public static int srbFlagsOffset() {
        return SRB_FLAGS_OFFSET;
    }

    /** @return {@link #SRB_FLAGS_LENGTH} */
    public static int srbFlagsLength() {
        return SRB_FLAGS_LENGTH;
    }

    /** @return {@link #TIME_OUT_VALUE_OFFSET} */
    public static int timeOutValueOffset() {
        return TIME_OUT_VALUE_OFFSET;
    }

    /** @return {@link #TIME_OUT_VALUE_LENGTH} */
    public static int timeOutValueLength() {
        return TIME_OUT_VALUE_LENGTH;
    }

    /** @return {@link #QUEUE_SORT_KEY_OFFSET} */
    public static int queueSortKeyOffset() {
        return QUEUE_SORT_KEY_OFFSET;
    }

    /** @return {@link #QUEUE_SORT_KEY_LENGTH} */
    public static int queueSortKeyLength() {
        return QUEUE_SORT_KEY_LENGTH;
    }

    private VmScsiRequestDescriptor() {
    }
}
