package org.hvref.disk.vhd;

/**
 * A VHD disk geometry (cylinders, heads, sectors per track) and the VHD specification's CHS algorithm
 * (devices-net-storage-pci.md §6.1.5; Q-VPC {@code calculate_geometry}, libvhd {@code vhd_chs}).
 *
 * @param cylinders       0..65535
 * @param heads           0..255 (at most 16 from the algorithm)
 * @param sectorsPerTrack 0..255
 */
public record VhdGeometry(int cylinders, int heads, int sectorsPerTrack) {
    /** The largest geometry, 65535/16/255 (§6.1.5): images with it use the footer's current size. */
    public static final VhdGeometry MAX = new VhdGeometry(65535, 16, 255);

    /** Validates the field widths. */
    public VhdGeometry {
        if (cylinders < 0 || cylinders > 0xFFFF || heads < 0 || heads > 0xFF || sectorsPerTrack < 0
                || sectorsPerTrack > 0xFF) {
            throw new IllegalArgumentException("vhd geometry: " + cylinders + "/" + heads + "/" + sectorsPerTrack
                    + " (expected: cylinders <= 65535, heads and sectors <= 255)");
        }
    }

    /**
     * The geometry the VHD algorithm assigns to {@code totalSectors} 512-byte sectors; its product may be smaller.
     *
     * @param totalSectors the disk size in sectors
     * @return the geometry
     */
    public static VhdGeometry of(long totalSectors) {
        long t = Math.min(totalSectors, MAX.sectors());
        long spt;
        long heads;
        long cylTimesHeads;
        if (t >= 65535L * 16 * 63) {
            spt = 255;
            heads = 16;
            cylTimesHeads = t / spt;
        } else {
            spt = 17;
            cylTimesHeads = t / spt;
            heads = Math.max(4, (cylTimesHeads + 1023) / 1024);
            if (cylTimesHeads >= heads * 1024 || heads > 16) {
                spt = 31;
                heads = 16;
                cylTimesHeads = t / spt;
            }
            if (cylTimesHeads >= heads * 1024) {
                spt = 63;
                heads = 16;
                cylTimesHeads = t / spt;
            }
        }
        return new VhdGeometry((int) (cylTimesHeads / heads), (int) heads, (int) spt);
    }

    /**
     * The size qemu-img gives a new image without {@code force_size}: the smallest CHS product at least
     * {@code sectors}, or {@code sectors} itself when that needs the maximum geometry (§6.1.5).
     *
     * @param sectors the requested size in sectors
     * @return the geometry whose product is the new size, or {@link #MAX}
     */
    public static VhdGeometry roundUp(long sectors) {
        long t = sectors;
        VhdGeometry g = of(t);
        while (g.sectors() < sectors && !g.equals(MAX)) {
            t++;
            g = of(t);
        }
        return g;
    }

    /** @return cylinders × heads × sectors per track */
    public long sectors() {
        return (long) cylinders * heads * sectorsPerTrack;
    }

    /** @return the encoded footer field: cylinders u16, heads u8, sectors u8, big-endian */
    public int encode() {
        return cylinders << 16 | heads << 8 | sectorsPerTrack;
    }

    /**
     * @param raw the footer field
     * @return its geometry
     */
    public static VhdGeometry decode(int raw) {
        return new VhdGeometry(raw >>> 16, raw >>> 8 & 0xFF, raw & 0xFF);
    }

    @Override
    public String toString() {
        return cylinders + "/" + heads + "/" + sectorsPerTrack;
    }
}
