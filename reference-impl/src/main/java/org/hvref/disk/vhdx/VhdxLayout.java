package org.hvref.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Fixed VHDX file layout values (devices-net-storage-pci.md §6.2; MS-VHDX §2; Q-VHDXH block/vhdx.h). Everything
 * on disk is little-endian; GUIDs use the mixed-endian wire form of {@link org.hvref.wire.Guid}.
 *
 * <pre>
 *   0        64K      128K     192K     256K     320K       1M
 *   +--------+--------+--------+--------+--------+----------+------ log, BAT, metadata, blocks (1 MiB aligned)
 *   | ident  | head 1 | head 2 | regi 1 | regi 2 | reserved |
 * </pre>
 */
public final class VhdxLayout {
    /** 1 MiB, the alignment of every top-level object (§6.2, MS-VHDX §2.1). */
    public static final long MIB = 1L << 20;
    /** 64 KiB. */
    public static final int KIB64 = 64 * 1024;
    /** Offset of header 1 (§6.2.1). */
    public static final long HEADER1_OFFSET = 64 * 1024;
    /** Offset of header 2 (§6.2.1). */
    public static final long HEADER2_OFFSET = 128 * 1024;
    /** Offset of region table 1 (§6.2.1). */
    public static final long REGION_TABLE1_OFFSET = 192 * 1024;
    /** Offset of region table 2 (§6.2.1). */
    public static final long REGION_TABLE2_OFFSET = 256 * 1024;
    /** Header structure size, CRC-covered (§6.2.1: 4 KiB). */
    public static final int HEADER_SIZE = 4096;
    /** Region table size, CRC-covered (§6.2.1: 64 KiB). */
    public static final int REGION_TABLE_SIZE = 64 * 1024;
    /** Log sector size (§6.2.4: 4 KiB). */
    public static final int LOG_SECTOR = 4096;
    /** Sector-bitmap block covers 2^23 sectors (§6.2.3). */
    public static final long SECTORS_PER_BITMAP = 1L << 23;
    /** Largest virtual disk (§6.2.2: 64 TiB). */
    public static final long MAX_DISK_SIZE = 64L << 40;
    /** Smallest block size (§6.2.2: 1 MiB). */
    public static final long MIN_BLOCK_SIZE = MIB;
    /** Largest block size (§6.2.2: 256 MiB). */
    public static final long MAX_BLOCK_SIZE = 256 * MIB;

    /** BAT region GUID 2DC27766-F623-4200-9D64-115E9BFD4A08 (§6.2.1). */
    public static final UUID BAT_REGION = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
    /** Metadata region GUID 8B7CA206-4790-4B9A-B8FE-575F050F886E (§6.2.1). */
    public static final UUID METADATA_REGION = UUID.fromString("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    /** File Parameters item CAA16737-FA36-4D43-B3B6-33F0AA44E76B (§6.2.2). */
    public static final UUID FILE_PARAMETERS = UUID.fromString("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    /** Virtual Disk Size item 2FA54224-CD1B-4876-B211-5DBED83BF4B8 (§6.2.2). */
    public static final UUID VIRTUAL_DISK_SIZE = UUID.fromString("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    /** Virtual Disk ID (page 83 data) item BECA12AB-B2E6-4523-93EF-C309E000C746 (§6.2.2). */
    public static final UUID PAGE83_DATA = UUID.fromString("BECA12AB-B2E6-4523-93EF-C309E000C746");
    /** Logical Sector Size item 8141BF1D-A96F-4709-BA47-F233A8FAAB5F (§6.2.2). */
    public static final UUID LOGICAL_SECTOR_SIZE = UUID.fromString("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    /** Physical Sector Size item CDA348C7-445D-4471-9CC9-E9885251C556 (§6.2.2). */
    public static final UUID PHYSICAL_SECTOR_SIZE = UUID.fromString("CDA348C7-445D-4471-9CC9-E9885251C556");
    /** Parent Locator item A8D35F2D-B30B-454D-ABF7-D3D84834AB0C (§6.2.2; differencing disks only). */
    public static final UUID PARENT_LOCATOR = UUID.fromString("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

    private VhdxLayout() {
    }

    /** @return a little-endian view of {@code bytes} */
    static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * CRC-32C of {@code bytes[0, length)} with the 4 bytes at {@code checksumOffset} taken as zero (§6.2: CRC-32C,
     * Castagnoli; MS-VHDX §2).
     */
    static int crc(byte[] bytes, int length, int checksumOffset) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, checksumOffset);
        crc.update(new byte[4], 0, 4);
        crc.update(bytes, checksumOffset + 4, length - checksumOffset - 4);
        return (int) crc.getValue();
    }

    /** @return whether the ASCII text {@code sig} is at {@code offset} */
    static boolean hasSignature(byte[] bytes, int offset, String sig) {
        for (int i = 0; i < sig.length(); i++) {
            if (bytes[offset + i] != (byte) sig.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Puts the ASCII text {@code sig} at {@code offset}. */
    static void putSignature(byte[] bytes, int offset, String sig) {
        for (int i = 0; i < sig.length(); i++) {
            bytes[offset + i] = (byte) sig.charAt(i);
        }
    }

    static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }
}
