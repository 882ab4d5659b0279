package org.hvref.ring;

/**
 * One range of a transfer-page packet: {@code byteCount} bytes at {@code byteOffset} into the transfer page set
 * (vmbus-core.md §7.3; LNX-H {@code vmtransfer_page_range}: u32 byte_count @0, u32 byte_offset @4).
 *
 * @param byteCount  number of bytes (u32)
 * @param byteOffset offset into the previously shared buffer (u32)
 */
public record TransferPageRange(long byteCount, long byteOffset) {
    /** Length of one encoded range (two u32). */
    public static final int LENGTH = 8;

    /** Validates both values as u32. */
    public TransferPageRange {
        PacketChecks.u32("byte count", byteCount);
        PacketChecks.u32("byte offset", byteOffset);
    }
}
