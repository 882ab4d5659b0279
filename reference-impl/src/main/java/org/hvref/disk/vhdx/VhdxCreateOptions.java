package org.hvref.disk.vhdx;

/**
 * How to create a VHDX file, with qemu-img's option names and defaults (devices-net-storage-pci.md §6.2.5).
 *
 * @param size               virtual disk size in bytes (rounded up to the logical sector size)
 * @param fixed              {@code subformat=fixed}: LeaveBlocksAllocated, file pre-sized
 * @param blockSize          {@code block_size}; 0 = auto (8 MiB up to 1 GiB, 16 MiB up to 100 GiB, 32 MiB up to
 *                           32 TiB, else 64 MiB)
 * @param logSize            {@code log_size}, a 1 MiB multiple (default 1 MiB)
 * @param blockStateZero     {@code block_state_zero} (default on): every payload entry ZERO
 * @param logicalSectorSize  512 (qemu) or 4096
 * @param physicalSectorSize 512 (qemu) or 4096
 */
public record VhdxCreateOptions(long size, boolean fixed, long blockSize, long logSize, boolean blockStateZero,
                                int logicalSectorSize, int physicalSectorSize) {
    /** Validates the options. */
    public VhdxCreateOptions {
        if (size <= 0 || size > VhdxLayout.MAX_DISK_SIZE) {
            throw new IllegalArgumentException("vhdx size " + size + " (expected: 1 .. 64 TiB)");
        }
        if (blockSize != 0 && (Long.bitCount(blockSize) != 1 || blockSize < VhdxLayout.MIN_BLOCK_SIZE
                || blockSize > VhdxLayout.MAX_BLOCK_SIZE)) {
            throw new IllegalArgumentException("vhdx block size " + blockSize
                    + " (expected: 0 or a power of two in [1 MiB, 256 MiB])");
        }
        if (logSize < VhdxLayout.MIB || logSize % VhdxLayout.MIB != 0 || logSize > 0xFFF00000L) {
            throw new IllegalArgumentException("vhdx log size " + logSize + " (expected: 1 MiB multiple >= 1 MiB)");
        }
        if ((logicalSectorSize != 512 && logicalSectorSize != 4096)
                || (physicalSectorSize != 512 && physicalSectorSize != 4096)) {
            throw new IllegalArgumentException("vhdx sector sizes " + logicalSectorSize + "/" + physicalSectorSize
                    + " (expected: 512 or 4096)");
        }
    }

    /** @return qemu's defaults for a dynamic image of {@code size} bytes */
    public static VhdxCreateOptions dynamic(long size) {
        return new VhdxCreateOptions(size, false, 0, VhdxLayout.MIB, true, 512, 512);
    }

    /** @return qemu's defaults for a fixed image of {@code size} bytes */
    public static VhdxCreateOptions fixedSize(long size) {
        return new VhdxCreateOptions(size, true, 0, VhdxLayout.MIB, true, 512, 512);
    }

    /** @return a copy with another block size */
    public VhdxCreateOptions withBlockSize(long bytes) {
        return new VhdxCreateOptions(size, fixed, bytes, logSize, blockStateZero, logicalSectorSize,
                physicalSectorSize);
    }

    /** @return a copy with {@code block_state_zero} set as given */
    public VhdxCreateOptions withBlockStateZero(boolean on) {
        return new VhdxCreateOptions(size, fixed, blockSize, logSize, on, logicalSectorSize, physicalSectorSize);
    }

    /** @return a copy with other sector sizes */
    public VhdxCreateOptions withSectorSizes(int logical, int physical) {
        return new VhdxCreateOptions(size, fixed, blockSize, logSize, blockStateZero, logical, physical);
    }

    /** @return a copy with another log size */
    public VhdxCreateOptions withLogSize(long bytes) {
        return new VhdxCreateOptions(size, fixed, blockSize, bytes, blockStateZero, logicalSectorSize,
                physicalSectorSize);
    }

    /** @return the block size to use: the explicit one, or qemu's automatic choice */
    public long effectiveBlockSize() {
        if (blockSize != 0) {
            return blockSize;
        }
        if (size <= (1L << 30)) {
            return 8 * VhdxLayout.MIB;
        } else if (size <= 100L << 30) {
            return 16 * VhdxLayout.MIB;
        } else if (size <= 32L << 40) {
            return 32 * VhdxLayout.MIB;
        }
        return 64 * VhdxLayout.MIB;
    }

    /** @return the size rounded up to the logical sector size */
    public long effectiveSize() {
        return VhdxLayout.roundUp(size, logicalSectorSize);
    }
}
