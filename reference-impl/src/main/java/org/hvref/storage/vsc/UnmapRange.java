package org.hvref.storage.vsc;

/**
 * One UNMAP block descriptor (SCSI-REF UNMAP: u64 LBA, u32 number of blocks).
 *
 * @param lba    first block
 * @param blocks number of blocks, 1..2^32-1
 */
public record UnmapRange(long lba, long blocks) {
    /** Validates. */
    public UnmapRange {
        if (lba < 0 || blocks < 1 || blocks > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("unmap range: lba " + lba + " blocks " + blocks
                    + " (expected: lba >= 0, 1 <= blocks <= 2^32-1)");
        }
    }
}
