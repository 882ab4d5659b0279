package org.hvref.disk.vhdx;

/**
 * BAT entry encoding and indexing (devices-net-storage-pci.md §6.2.3; MS-VHDX §2.5): u64 entries, bits 0–2 state,
 * 3–19 reserved, 20–63 file offset in MiB; one sector-bitmap entry after every {@code chunkRatio} payload entries.
 */
public final class VhdxBat {
    /** Payload NOT_PRESENT: reads as zeros in fixed/dynamic files (§6.2.3). */
    public static final int NOT_PRESENT = 0;
    /** Payload UNDEFINED: reads as zeros here, as in qemu (§6.2.3). */
    public static final int UNDEFINED = 1;
    /** Payload ZERO: must read as zeros; qemu's default for new images (§6.2.3, §6.2.5 item 7). */
    public static final int ZERO = 2;
    /** Payload UNMAPPED (v1.00 value): trimmed, reads as zeros (§6.2.3). */
    public static final int UNMAPPED = 3;
    /** Payload UNMAPPED of the v0.95 draft, still read by qemu as zeros (§6.2.3). */
    public static final int UNMAPPED_V095 = 5;
    /** Payload FULLY_PRESENT / sector bitmap PRESENT: the block is in the file at the entry's offset (§6.2.3). */
    public static final int FULLY_PRESENT = 6;
    /** Payload PARTIALLY_PRESENT: differencing disks only (§6.2.3). */
    public static final int PARTIALLY_PRESENT = 7;
    /** Bits 0–2: state (§6.2.3). */
    public static final long STATE_MASK = 0x7L;
    /** Bits 3–19: reserved, zero (§6.2.3). */
    public static final long RESERVED_MASK = 0xFFFF8L;
    /** Bits 20–63: file offset in MiB, i.e. the byte offset itself masked (§6.2.3). */
    public static final long OFFSET_MASK = 0xFFFFFFFFFFF00000L;

    private VhdxBat() {
    }

    /** @return the state bits of an entry */
    public static int state(long entry) {
        return (int) (entry & STATE_MASK);
    }

    /** @return the byte offset an entry points at */
    public static long offset(long entry) {
        return entry & OFFSET_MASK;
    }

    /** @return an entry with {@code state} at {@code offset} (a 1 MiB multiple) */
    public static long entry(int state, long offset) {
        return (offset & OFFSET_MASK) | state;
    }

    /** @return the BAT index of payload block {@code block}: b + floor(b / chunk ratio) (§6.2.3) */
    public static long payloadIndex(long block, long chunkRatio) {
        return block + block / chunkRatio;
    }

    /** @return whether BAT index {@code index} holds a sector-bitmap entry (every (chunk ratio + 1)-th) */
    public static boolean isBitmapIndex(long index, long chunkRatio) {
        return index % (chunkRatio + 1) == chunkRatio;
    }
}
