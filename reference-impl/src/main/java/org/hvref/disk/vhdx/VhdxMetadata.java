package org.hvref.disk.vhdx;

import org.hvref.disk.DamagedImageException;
import org.hvref.wire.Guid;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The system metadata items of a VHDX file (devices-net-storage-pci.md §6.2.2; MS-VHDX §2.6).
 *
 * <pre>
 * table (64 KiB): "metadata" | reserved u16 | count u16 | 20 reserved
 *                 32 + 32*i: item GUID | offset u32 | length u32 | flags u32 (1 user, 2 virtual disk, 4 required)
 *                 | reserved u32
 * items at 64 KiB (qemu order): file parameters +0 (8), disk size +8 (8), page 83 +16 (16), logical +32 (4),
 *                 physical +36 (4)
 * </pre>
 *
 * @param blockSize            payload block size, power of two in [1 MiB, 256 MiB]
 * @param leaveBlocksAllocated file parameter bit 0 (fixed disk)
 * @param virtualSize          disk size in bytes
 * @param logicalSectorSize    512 or 4096
 * @param physicalSectorSize   512 or 4096
 * @param page83               virtual disk id (SCSI VPD page 0x83)
 */
public record VhdxMetadata(long blockSize, boolean leaveBlocksAllocated, long virtualSize, int logicalSectorSize,
                           int physicalSectorSize, UUID page83) {
    static final int FLAG_USER = 1;
    static final int FLAG_VIRTUAL_DISK = 2;
    static final int FLAG_REQUIRED = 4;
    static final int ITEMS_OFFSET = VhdxLayout.KIB64;
    static final int MAX_ENTRIES = 2047;

    /** @return the number of payload blocks, ceil(size / block size) (§6.2.3) */
    public long payloadBlocks() {
        return (virtualSize + blockSize - 1) / blockSize;
    }

    /** @return payload blocks per sector-bitmap block, 2^23 × logical sector / block size (§6.2.3) */
    public long chunkRatio() {
        return VhdxLayout.SECTORS_PER_BITMAP * logicalSectorSize / blockSize;
    }

    /** @return the BAT entry count of a fixed or dynamic disk, P + floor((P − 1) / chunk ratio) (§6.2.3) */
    public long batEntries() {
        long p = payloadBlocks();
        return p + (p - 1) / chunkRatio();
    }

    /** @return the table and items as the first 64 KiB + 40 bytes of the region, in qemu's layout */
    public byte[] encode() {
        byte[] b = new byte[ITEMS_OFFSET + 40];
        ByteBuffer le = VhdxLayout.le(b);
        VhdxLayout.putSignature(b, 0, "metadata");
        le.putShort(10, (short) 5);
        int req = FLAG_REQUIRED;
        int vreq = FLAG_REQUIRED | FLAG_VIRTUAL_DISK;
        entry(le, 0, VhdxLayout.FILE_PARAMETERS, 0, 8, req);
        entry(le, 1, VhdxLayout.VIRTUAL_DISK_SIZE, 8, 8, vreq);
        entry(le, 2, VhdxLayout.PAGE83_DATA, 16, 16, vreq);
        entry(le, 3, VhdxLayout.LOGICAL_SECTOR_SIZE, 32, 4, vreq);
        entry(le, 4, VhdxLayout.PHYSICAL_SECTOR_SIZE, 36, 4, vreq);
        le.putInt(ITEMS_OFFSET, (int) blockSize);
        le.putInt(ITEMS_OFFSET + 4, leaveBlocksAllocated ? 1 : 0);
        le.putLong(ITEMS_OFFSET + 8, virtualSize);
        Guid.write(le, ITEMS_OFFSET + 16, page83);
        le.putInt(ITEMS_OFFSET + 32, logicalSectorSize);
        le.putInt(ITEMS_OFFSET + 36, physicalSectorSize);
        return b;
    }

    private static void entry(ByteBuffer le, int i, UUID guid, int itemOffset, int length, int flags) {
        int at = 32 + 32 * i;
        Guid.write(le, at, guid);
        le.putInt(at + 16, ITEMS_OFFSET + itemOffset);
        le.putInt(at + 20, length);
        le.putInt(at + 24, flags);
    }

    /**
     * Decodes and validates the metadata region.
     *
     * @param region the whole region
     * @return the items
     * @throws DamagedImageException          if the table or an item is invalid, or an unknown item is required
     * @throws VhdxUnsupportedFeatureException for differencing disks (parent locator, HasParent)
     */
    public static VhdxMetadata decode(byte[] region) throws DamagedImageException, VhdxUnsupportedFeatureException {
        ByteBuffer le = VhdxLayout.le(region);
        if (region.length < ITEMS_OFFSET || !VhdxLayout.hasSignature(region, 0, "metadata")) {
            throw new DamagedImageException("vhdx metadata: signature missing (expected: \"metadata\")");
        }
        int count = le.getShort(10) & 0xFFFF;
        if (count > MAX_ENTRIES) {
            throw new DamagedImageException("vhdx metadata: " + count + " entries (expected: <= " + MAX_ENTRIES
                    + ")");
        }
        Map<UUID, byte[]> items = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = 32 + 32 * i;
            UUID guid = Guid.read(le, at);
            long offset = le.getInt(at + 16) & 0xFFFFFFFFL;
            long length = le.getInt(at + 20) & 0xFFFFFFFFL;
            int flags = le.getInt(at + 24);
            if (length > VhdxLayout.MIB || (length != 0 && (offset < ITEMS_OFFSET
                    || offset + length > region.length))) {
                throw new DamagedImageException("vhdx metadata item " + guid + ": offset " + offset + " length "
                        + length + " (expected: inside the region, after the 64 KiB table, <= 1 MiB)");
            }
            if (guid.equals(VhdxLayout.PARENT_LOCATOR)) {
                throw new VhdxUnsupportedFeatureException("vhdx metadata: parent locator (differencing disks are"
                        + " not supported)");
            }
            boolean known = guid.equals(VhdxLayout.FILE_PARAMETERS) || guid.equals(VhdxLayout.VIRTUAL_DISK_SIZE)
                    || guid.equals(VhdxLayout.PAGE83_DATA) || guid.equals(VhdxLayout.LOGICAL_SECTOR_SIZE)
                    || guid.equals(VhdxLayout.PHYSICAL_SECTOR_SIZE);
            if (!known || (flags & FLAG_USER) != 0) {
                if ((flags & FLAG_REQUIRED) != 0) {
                    throw new DamagedImageException("vhdx metadata: unknown required item " + guid);
                }
                continue;
            }
            if (items.containsKey(guid)) {
                throw new DamagedImageException("vhdx metadata: item " + guid + " twice (expected: once)");
            }
            byte[] value = new byte[(int) length];
            System.arraycopy(region, (int) offset, value, 0, (int) length);
            items.put(guid, value);
        }
        ByteBuffer params = item(items, VhdxLayout.FILE_PARAMETERS, "file parameters", 8);
        long blockSize = params.getInt(0) & 0xFFFFFFFFL;
        int paramFlags = params.getInt(4);
        if ((paramFlags & 2) != 0) {
            throw new VhdxUnsupportedFeatureException("vhdx metadata: HasParent set (differencing disks are not"
                    + " supported)");
        }
        if (Long.bitCount(blockSize) != 1 || blockSize < VhdxLayout.MIN_BLOCK_SIZE
                || blockSize > VhdxLayout.MAX_BLOCK_SIZE) {
            throw new DamagedImageException("vhdx metadata: block size " + blockSize
                    + " (expected: power of two in [1 MiB, 256 MiB])");
        }
        int logical = item(items, VhdxLayout.LOGICAL_SECTOR_SIZE, "logical sector size", 4).getInt(0);
        int physical = item(items, VhdxLayout.PHYSICAL_SECTOR_SIZE, "physical sector size", 4).getInt(0);
        if (logical != 512 && logical != 4096) {
            throw new DamagedImageException("vhdx metadata: logical sector size " + logical
                    + " (expected: 512 or 4096)");
        }
        if (physical != 512 && physical != 4096) {
            throw new DamagedImageException("vhdx metadata: physical sector size " + physical
                    + " (expected: 512 or 4096)");
        }
        long size = item(items, VhdxLayout.VIRTUAL_DISK_SIZE, "virtual disk size", 8).getLong(0);
        if (size <= 0 || size > VhdxLayout.MAX_DISK_SIZE || size % logical != 0) {
            throw new DamagedImageException("vhdx metadata: virtual disk size " + size
                    + " (expected: non-zero multiple of " + logical + ", <= 64 TiB)");
        }
        ByteBuffer page83 = item(items, VhdxLayout.PAGE83_DATA, "page 83 data", 16);
        return new VhdxMetadata(blockSize, (paramFlags & 1) != 0, size, logical, physical, Guid.read(page83, 0));
    }

    private static ByteBuffer item(Map<UUID, byte[]> items, UUID guid, String name, int length)
            throws DamagedImageException {
        byte[] value = items.get(guid);
        if (value == null) {
            throw new DamagedImageException("vhdx metadata: " + name + " item missing");
        }
        if (value.length != length) {
            throw new DamagedImageException("vhdx metadata: " + name + " item of " + value.length
                    + " bytes (expected: " + length + ")");
        }
        return VhdxLayout.le(value);
    }
}
