package org.hvref.disk.vhd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hvref.disk.DamagedImageException;

/**
 * The 512-byte VHD hard-disk footer, big-endian (devices-net-storage-pci.md §6.1.1; Q-VPC {@code VHDFooter}, OVMM
 * {@code VhdFooter}). Fixed disks keep it after the data; dynamic disks at offset 0 and again at the end of file.
 *
 * <pre>
 *   0 cookie "conectix" (8)      8 features (4)          12 file format version (4)
 *  16 data offset (8)           24 timestamp (4)         28 creator application (4)
 *  32 creator version (4)       36 creator host OS (4)   40 original size (8)
 *  48 current size (8)          56 geometry C u16/H u8/S u8 (4)
 *  60 disk type (4)             64 checksum (4)          68 unique id (16)
 *  84 saved state (1)           85 reserved, zero (427)
 * </pre>
 *
 * @param features        feature bits (bit 0x2 reserved, always set)
 * @param dataOffset      byte offset of the dynamic header; all-ones for fixed disks
 * @param timestamp       seconds since 2000-01-01 00:00 UTC, unsigned
 * @param creatorApp      four ASCII characters, e.g. {@code "qemu"}
 * @param creatorVersion  major u16, minor u16
 * @param creatorHostOs   four ASCII characters, e.g. {@code "Wi2k"}
 * @param originalSize    bytes at creation
 * @param currentSize     bytes now
 * @param geometry        CHS geometry
 * @param diskType        {@link #TYPE_FIXED}, {@link #TYPE_DYNAMIC} or {@link #TYPE_DIFFERENCING}
 * @param uniqueId        16 opaque bytes
 * @param savedState      0 or 1
 */
public record VhdFooter(int features, long dataOffset, int timestamp, int creatorApp, int creatorVersion,
        int creatorHostOs, long originalSize, long currentSize, VhdGeometry geometry, int diskType, byte[] uniqueId,
        int savedState) {
    /** Footer length in bytes (§6.1.1). */
    public static final int LENGTH = 512;
    /** Offset of the 8-byte cookie (§6.1.1). */
    public static final int COOKIE_OFFSET = 0;
    /** Offset of the features field (§6.1.1). */
    public static final int FEATURES_OFFSET = 8;
    /** Offset of the file format version (§6.1.1). */
    public static final int VERSION_OFFSET = 12;
    /** Offset of the data offset (§6.1.1). */
    public static final int DATA_OFFSET_OFFSET = 16;
    /** Offset of the timestamp (§6.1.1). */
    public static final int TIMESTAMP_OFFSET = 24;
    /** Offset of the creator application (§6.1.1). */
    public static final int CREATOR_APP_OFFSET = 28;
    /** Offset of the creator version (§6.1.1). */
    public static final int CREATOR_VERSION_OFFSET = 32;
    /** Offset of the creator host OS (§6.1.1). */
    public static final int CREATOR_HOST_OS_OFFSET = 36;
    /** Offset of the original size (§6.1.1). */
    public static final int ORIGINAL_SIZE_OFFSET = 40;
    /** Offset of the current size (§6.1.1). */
    public static final int CURRENT_SIZE_OFFSET = 48;
    /** Offset of the disk geometry (§6.1.1). */
    public static final int GEOMETRY_OFFSET = 56;
    /** Offset of the disk type (§6.1.1). */
    public static final int DISK_TYPE_OFFSET = 60;
    /** Offset of the checksum (§6.1.1). */
    public static final int CHECKSUM_OFFSET = 64;
    /** Offset of the unique id (§6.1.1). */
    public static final int UNIQUE_ID_OFFSET = 68;
    /** Offset of the saved-state byte (§6.1.1). */
    public static final int SAVED_STATE_OFFSET = 84;

    /** The cookie, ASCII "conectix" (§6.1.1). */
    public static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
    /** The only file format version, 1.0 (§6.1.1; openvmm rejects others). */
    public static final int VERSION = 0x0001_0000;
    /** The reserved feature bit every writer sets (§6.1.1; openvmm {@code FEATURE_MASK}). */
    public static final int FEATURES_RESERVED = 0x2;
    /** Data offset of a fixed disk: all 64 bits set, as qemu and openvmm write (§6.1.1). */
    public static final long NO_DATA_OFFSET = -1L;
    /** Disk type: fixed (§6.1.1; qemu {@code VHD_FIXED}). */
    public static final int TYPE_FIXED = 2;
    /** Disk type: dynamic (§6.1.1; qemu {@code VHD_DYNAMIC}). */
    public static final int TYPE_DYNAMIC = 3;
    /** Disk type: differencing (§6.1.1; qemu {@code VHD_DIFFERENCING}); not supported by hvref. */
    public static final int TYPE_DIFFERENCING = 4;
    /** Seconds from the Unix epoch to the VHD epoch 2000-01-01 00:00 UTC (§6.1.1). */
    public static final long VHD_EPOCH_UNIX_SECONDS = 946_684_800L;
    /** Creator "qemu": qemu-img without {@code force_size}; readers size the disk by CHS (§6.1.5). */
    public static final int CREATOR_QEMU = fourCc("qemu");
    /** Creator "qem2": qemu-img with {@code force_size=on}; readers use the current size (§6.1.5). */
    public static final int CREATOR_QEMU_FORCE_SIZE = fourCc("qem2");
    /** Creator "vpc ": Virtual PC; readers size the disk by CHS (§6.1.5). */
    public static final int CREATOR_VIRTUAL_PC = fourCc("vpc ");
    /** Host OS "Wi2k", what qemu writes (§6.1.1). */
    public static final int HOST_OS_WINDOWS = fourCc("Wi2k");
    /** Creator version qemu writes, 5.3 (Virtual PC 2007) (§6.1.4). */
    public static final int CREATOR_VERSION_QEMU = 0x0005_0003;
    /** Largest VHD size qemu accepts, 2040 GiB (§6.1.5; qemu {@code VHD_MAX_SECTORS} 0xFF000000). */
    public static final long MAX_SIZE = 0xFF00_0000L * 512;

    /** Validates the unique id length. */
    public VhdFooter {
        if (uniqueId.length != 16) {
            throw new IllegalArgumentException("vhd unique id: " + uniqueId.length + " bytes (expected: 16)");
        }
        uniqueId = uniqueId.clone();
    }

    /** @return a copy of the unique id */
    @Override
    public byte[] uniqueId() {
        return uniqueId.clone();
    }

    /**
     * @param text four ASCII characters
     * @return them as a big-endian u32
     */
    public static int fourCc(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new IllegalArgumentException("four-character code: \"" + text + "\" (expected: 4 characters)");
        }
        return ByteBuffer.wrap(b).getInt();
    }

    /**
     * The size of the virtual disk as qemu computes it (§6.1.5, the 2025 rule {@code vpc_ignore_current_size}):
     * the CHS product for images made by Virtual PC or qemu without {@code force_size}, unless the geometry is the
     * maximum; otherwise the current size.
     *
     * @return the virtual disk size in bytes
     */
    public long virtualSize() {
        boolean chsCreator = creatorApp == CREATOR_VIRTUAL_PC || creatorApp == CREATOR_QEMU;
        if (chsCreator && !geometry.equals(VhdGeometry.MAX)) {
            return geometry.sectors() * 512;
        }
        return currentSize;
    }

    /** @return the 512 encoded bytes, checksum filled in */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.put(COOKIE_OFFSET, COOKIE);
        b.putInt(FEATURES_OFFSET, features);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putLong(DATA_OFFSET_OFFSET, dataOffset);
        b.putInt(TIMESTAMP_OFFSET, timestamp);
        b.putInt(CREATOR_APP_OFFSET, creatorApp);
        b.putInt(CREATOR_VERSION_OFFSET, creatorVersion);
        b.putInt(CREATOR_HOST_OS_OFFSET, creatorHostOs);
        b.putLong(ORIGINAL_SIZE_OFFSET, originalSize);
        b.putLong(CURRENT_SIZE_OFFSET, currentSize);
        b.putInt(GEOMETRY_OFFSET, geometry.encode());
        b.putInt(DISK_TYPE_OFFSET, diskType);
        b.put(UNIQUE_ID_OFFSET, uniqueId);
        b.put(SAVED_STATE_OFFSET, (byte) savedState);
        byte[] bytes = b.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putInt(CHECKSUM_OFFSET,
                VhdChecksum.compute(bytes, CHECKSUM_OFFSET));
        return bytes;
    }

    /**
     * @param bytes 512 bytes
     * @return whether they start with the cookie (checksum not checked)
     */
    public static boolean hasCookie(byte[] bytes) {
        return bytes.length >= COOKIE.length && Arrays.equals(bytes, 0, COOKIE.length, COOKIE, 0, COOKIE.length);
    }

    /**
     * Decodes and validates a footer: cookie, checksum, version.
     *
     * @param bytes 512 bytes
     * @param where names the copy in error messages, e.g. {@code "vhd footer at 1048576"}
     * @return the footer
     * @throws DamagedImageException if the cookie, checksum or version is wrong
     */
    public static VhdFooter decode(byte[] bytes, String where) throws DamagedImageException {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("vhd footer: " + bytes.length + " bytes (expected: 512)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (!hasCookie(bytes)) {
            throw new DamagedImageException(where + ": cookie 0x" + String.format("%016x", b.getLong(COOKIE_OFFSET))
                    + " (expected: \"conectix\")");
        }
        int stored = b.getInt(CHECKSUM_OFFSET);
        int computed = VhdChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new DamagedImageException(where + ": checksum 0x" + Integer.toHexString(stored) + " (expected: 0x"
                    + Integer.toHexString(computed) + ")");
        }
        int version = b.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new DamagedImageException(where + ": version 0x" + Integer.toHexString(version)
                    + " (expected: 0x10000)");
        }
        byte[] id = new byte[16];
        b.get(UNIQUE_ID_OFFSET, id);
        return new VhdFooter(b.getInt(FEATURES_OFFSET), b.getLong(DATA_OFFSET_OFFSET), b.getInt(TIMESTAMP_OFFSET),
                b.getInt(CREATOR_APP_OFFSET), b.getInt(CREATOR_VERSION_OFFSET), b.getInt(CREATOR_HOST_OS_OFFSET),
                b.getLong(ORIGINAL_SIZE_OFFSET), b.getLong(CURRENT_SIZE_OFFSET),
                VhdGeometry.decode(b.getInt(GEOMETRY_OFFSET)), b.getInt(DISK_TYPE_OFFSET), id,
                bytes[SAVED_STATE_OFFSET] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VhdFooter f && Arrays.equals(encode(), f.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "VhdFooter[type=" + diskType + ", currentSize=" + currentSize + ", geometry=" + geometry
                + ", creator=0x" + Integer.toHexString(creatorApp) + ", dataOffset=" + dataOffset + "]";
    }
}
