package org.hvref.storage.protocol;

import java.util.Optional;

/** vm_srb.data_in (devices-net-storage-pci.md §3.2 vmscsi_request offset 10; L-STOR WRITE_TYPE/READ_TYPE/UNKNOWN_TYPE). */
public enum DataDirection {
    /** 0: data from guest to device (§3.2; L-STOR WRITE_TYPE). */
    WRITE(0),
    /** 1: data from device to guest (§3.2; L-STOR READ_TYPE). */
    READ(1),
    /** 2: no data (§3.2; L-STOR UNKNOWN_TYPE). */
    NONE(2);

    private final int code;

    DataDirection(int code) {
        this.code = code;
    }

    /** @return the u8 wire value */
    public int code() {
        return code;
    }

    /**
     * @param code a u8 wire value
     * @return the direction, empty for values other than 0, 1, 2
     */
    public static Optional<DataDirection> of(int code) {
        return code >= 0 && code <= 2 ? Optional.of(values()[code]) : Optional.empty();
    }
}
