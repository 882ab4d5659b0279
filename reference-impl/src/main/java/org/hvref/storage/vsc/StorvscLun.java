package org.hvref.storage.vsc;

import java.util.List;

/**
 * A LUN the VSC's scan found present and identified (§3.7: INQUIRY, VPD pages, READ CAPACITY 10/16).
 *
 * @param lun        the LUN
 * @param blockSize  logical block size in bytes
 * @param blockCount number of logical blocks (last LBA + 1)
 * @param vendor     INQUIRY vendor (8 ASCII characters, trimmed)
 * @param product    INQUIRY product (16 ASCII characters, trimmed)
 * @param vpdPages   VPD pages the LUN listed in page 0x00
 */
public record StorvscLun(int lun, int blockSize, long blockCount, String vendor, String product,
        List<Integer> vpdPages) {
    /** Copies the page list. */
    public StorvscLun {
        vpdPages = List.copyOf(vpdPages);
    }

    /** @return capacity in bytes */
    public long capacityBytes() {
        return blockCount * blockSize;
    }
}
