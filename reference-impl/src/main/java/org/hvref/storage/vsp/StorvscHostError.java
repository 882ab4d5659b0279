package org.hvref.storage.vsp;

/** Why the VSP refused a guest packet (devices-net-storage-pci.md §3.5, §3.9; openvmm storvsp checks). */
public enum StorvscHostError {
    /** The packet did not ask for a completion (openvmm "NotTransactional"). */
    NOT_TRANSACTIONAL,
    /** The guest sent a completion packet (openvmm: no completion-type packets from the guest). */
    COMPLETION_FROM_GUEST,
    /** A packet type the VSP does not take (transfer pages). */
    UNSUPPORTED_PACKET_TYPE,
    /** The vstor packet did not decode. */
    MALFORMED,
    /** More than one GPA range, or a range where none belongs. */
    BAD_RANGE_COUNT,
    /** The range is shorter than data_transfer_length (openvmm "InvalidDataTransferLength"). */
    SHORT_RANGE,
    /** Data to move but no range. */
    MISSING_RANGE,
    /** data_transfer_length above the announced max_transfer_bytes. */
    TRANSFER_TOO_LONG,
    /** A page number outside guest memory. */
    BAD_PFN
}
