package org.hvref.disk.vhdx;

import org.hvref.disk.DamagedImageException;
import org.hvref.wire.Guid;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A VHDX region table (devices-net-storage-pci.md §6.2.1; MS-VHDX §2.2.3): 64 KiB, CRC-32C over all of it.
 *
 * <pre>
 *   0 "regi"  4 checksum  8 entry count u32 (<= 2047)  12 reserved
 *  16 + 32*i: GUID(16) | file offset u64 | length u32 | flags u32 (bit 0 required)
 * </pre>
 *
 * @param regions the entries in file order
 */
public record VhdxRegionTable(List<Region> regions) {
    /** Most entries a table may hold (§6.2.1). */
    public static final int MAX_ENTRIES = 2047;

    /**
     * One region.
     *
     * @param guid       what it is
     * @param fileOffset 1 MiB multiple, >= 1 MiB
     * @param length     1 MiB multiple
     * @param required   whether a reader that does not know the region must refuse the file
     */
    public record Region(UUID guid, long fileOffset, long length, boolean required) {
    }

    /** @param regions the entries */
    public VhdxRegionTable {
        regions = List.copyOf(regions);
    }

    /** @return the 64 KiB on-disk form with its checksum */
    public byte[] encode() {
        byte[] b = new byte[VhdxLayout.REGION_TABLE_SIZE];
        ByteBuffer le = VhdxLayout.le(b);
        VhdxLayout.putSignature(b, 0, "regi");
        le.putInt(8, regions.size());
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            int at = 16 + 32 * i;
            Guid.write(le, at, r.guid());
            le.putLong(at + 16, r.fileOffset());
            le.putInt(at + 24, (int) r.length());
            le.putInt(at + 28, r.required() ? 1 : 0);
        }
        le.putInt(4, VhdxLayout.crc(b, b.length, 4));
        return b;
    }

    /**
     * Decodes one copy, checking signature, checksum, count and placement of every entry.
     *
     * @param b    64 KiB
     * @param name for messages
     * @return the table
     * @throws DamagedImageException if anything is wrong
     */
    public static VhdxRegionTable decode(byte[] b, String name) throws DamagedImageException {
        ByteBuffer le = VhdxLayout.le(b);
        if (!VhdxLayout.hasSignature(b, 0, "regi")) {
            throw new DamagedImageException("vhdx " + name + ": signature missing (expected: \"regi\")");
        }
        int stored = le.getInt(4);
        int actual = VhdxLayout.crc(b, VhdxLayout.REGION_TABLE_SIZE, 4);
        if (stored != actual) {
            throw new DamagedImageException(String.format("vhdx %s: checksum 0x%08x (expected: 0x%08x)", name,
                    stored, actual));
        }
        long count = le.getInt(8) & 0xFFFFFFFFL;
        if (count > MAX_ENTRIES) {
            throw new DamagedImageException("vhdx " + name + ": " + count + " entries (expected: <= " + MAX_ENTRIES
                    + ")");
        }
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 16 + 32 * i;
            long offset = le.getLong(at + 16);
            long length = le.getInt(at + 24) & 0xFFFFFFFFL;
            if (offset % VhdxLayout.MIB != 0 || offset < VhdxLayout.MIB || length % VhdxLayout.MIB != 0
                    || length == 0 || offset > Long.MAX_VALUE / 2) {
                throw new DamagedImageException("vhdx " + name + " entry " + i + ": offset " + offset + " length "
                        + length + " (expected: non-zero 1 MiB multiples, offset >= 1 MiB)");
            }
            regions.add(new Region(Guid.read(le, at), offset, length, (le.getInt(at + 28) & 1) != 0));
        }
        return new VhdxRegionTable(regions);
    }

    /**
     * Finds a known region, which must appear exactly once.
     *
     * @param guid the region GUID
     * @return the region
     * @throws DamagedImageException if it is missing or duplicated
     */
    public Region find(UUID guid) throws DamagedImageException {
        Region found = null;
        for (Region r : regions) {
            if (r.guid().equals(guid)) {
                if (found != null) {
                    throw new DamagedImageException("vhdx region table: region " + guid + " twice (expected: once)");
                }
                found = r;
            }
        }
        if (found == null) {
            throw new DamagedImageException("vhdx region table: region " + guid + " missing");
        }
        return found;
    }
}
