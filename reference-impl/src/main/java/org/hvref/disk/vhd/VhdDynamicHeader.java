package org.hvref.disk.vhd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hvref.disk.DamagedImageException;

/**
 * The 1024-byte VHD dynamic-disk header, big-endian (devices-net-storage-pci.md §6.1.2; Q-VPC
 * {@code VHDDynDiskHeader}, XEN-LIBVHD). The parent fields (differencing disks) are not supported and written as zero.
 *
 * <pre>
 *    0 cookie "cxsparse" (8)     8 data offset, all-ones (8)   16 table (BAT) offset (8)
 *   24 header version (4)       28 max table entries (4)      32 block size (4)
 *   36 checksum (4)             40 parent unique id (16)      56 parent timestamp (4)
 *   60 reserved (4)             64 parent unicode name (512)  576 parent locators 8 x 24
 *  768 reserved (256)
 * </pre>
 *
 * @param tableOffset     absolute byte offset of the BAT
 * @param maxTableEntries number of BAT entries, unsigned
 * @param blockSize       bytes per block, a power of two, at least 512
 */
public record VhdDynamicHeader(long tableOffset, int maxTableEntries, int blockSize) {
    /** Header length in bytes (§6.1.2). */
    public static final int LENGTH = 1024;
    /** Offset of the cookie (§6.1.2). */
    public static final int COOKIE_OFFSET = 0;
    /** Offset of the unused data offset (§6.1.2). */
    public static final int DATA_OFFSET_OFFSET = 8;
    /** Offset of the table offset (§6.1.2). */
    public static final int TABLE_OFFSET_OFFSET = 16;
    /** Offset of the header version (§6.1.2). */
    public static final int VERSION_OFFSET = 24;
    /** Offset of max table entries (§6.1.2). */
    public static final int MAX_TABLE_ENTRIES_OFFSET = 28;
    /** Offset of the block size (§6.1.2). */
    public static final int BLOCK_SIZE_OFFSET = 32;
    /** Offset of the checksum (§6.1.2). */
    public static final int CHECKSUM_OFFSET = 36;
    /** The cookie, ASCII "cxsparse" (§6.1.2). */
    public static final byte[] COOKIE = "cxsparse".getBytes(StandardCharsets.US_ASCII);
    /** The header version 1.0 (§6.1.2; libvhd requires it). */
    public static final int VERSION = 0x0001_0000;
    /** The block size qemu always creates, 2 MiB (§6.1.2). */
    public static final int DEFAULT_BLOCK_SIZE = 2 * 1024 * 1024;
    /** Largest block size hvref accepts, 256 MiB (a bound of ours; the format leaves it open). */
    public static final int MAX_BLOCK_SIZE = 256 * 1024 * 1024;

    /** Validates the block size (a caller bug here; {@link #decode} reports it as damage). */
    public VhdDynamicHeader {
        if (blockSizeProblem(blockSize) != null) {
            throw new IllegalArgumentException("vhd block size: " + blockSizeProblem(blockSize));
        }
    }

    private static String blockSizeProblem(int blockSize) {
        if (blockSize < 512 || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            return blockSize + " (expected: a power of two in [512, " + MAX_BLOCK_SIZE + "])";
        }
        return null;
    }

    /** @return the BAT entry count as an unsigned value */
    public long entries() {
        return Integer.toUnsignedLong(maxTableEntries);
    }

    /** @return bytes of the per-block sector bitmap, rounded up to 512 (§6.1.3) */
    public int bitmapSize() {
        int bits = blockSize / 512;
        return ((bits + 7) / 8 + 511) / 512 * 512;
    }

    /** @return the 1024 encoded bytes, checksum filled in */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.put(COOKIE_OFFSET, COOKIE);
        b.putLong(DATA_OFFSET_OFFSET, -1L);
        b.putLong(TABLE_OFFSET_OFFSET, tableOffset);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(MAX_TABLE_ENTRIES_OFFSET, maxTableEntries);
        b.putInt(BLOCK_SIZE_OFFSET, blockSize);
        byte[] bytes = b.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putInt(CHECKSUM_OFFSET,
                VhdChecksum.compute(bytes, CHECKSUM_OFFSET));
        return bytes;
    }

    /**
     * Decodes and validates a dynamic header: cookie, checksum, version, block size.
     *
     * @param bytes 1024 bytes
     * @return the header
     * @throws DamagedImageException if any of them is wrong
     */
    public static VhdDynamicHeader decode(byte[] bytes) throws DamagedImageException {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("vhd dynamic header: " + bytes.length + " bytes (expected: 1024)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (!Arrays.equals(bytes, 0, 8, COOKIE, 0, 8)) {
            throw new DamagedImageException("vhd dynamic header: cookie 0x"
                    + String.format("%016x", b.getLong(COOKIE_OFFSET)) + " (expected: \"cxsparse\")");
        }
        int stored = b.getInt(CHECKSUM_OFFSET);
        int computed = VhdChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new DamagedImageException("vhd dynamic header: checksum 0x" + Integer.toHexString(stored)
                    + " (expected: 0x" + Integer.toHexString(computed) + ")");
        }
        int version = b.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new DamagedImageException("vhd dynamic header: version 0x" + Integer.toHexString(version)
                    + " (expected: 0x10000)");
        }
        int blockSize = b.getInt(BLOCK_SIZE_OFFSET);
        String problem = blockSizeProblem(blockSize);
        if (problem != null) {
            throw new DamagedImageException("vhd dynamic header: block size " + problem);
        }
        return new VhdDynamicHeader(b.getLong(TABLE_OFFSET_OFFSET), b.getInt(MAX_TABLE_ENTRIES_OFFSET), blockSize);
    }
}
