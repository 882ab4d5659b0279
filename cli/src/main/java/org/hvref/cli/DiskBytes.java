package org.hvref.cli;

import java.io.IOException;
import org.hvref.disk.DiskImage;

/**
 * Byte-granular reads and writes over a sector-addressed {@link DiskImage}: a range that does not start or end on a
 * sector boundary is widened to whole sectors; a write reads the partial first and last sectors, merges the new bytes
 * and writes the whole sectors back (read-modify-write).
 */
final class DiskBytes {
    private DiskBytes() {
    }

    /**
     * Reads {@code length} bytes at any {@code offset} inside the disk.
     *
     * @param disk   the image
     * @param offset byte offset
     * @param dst    destination
     * @param length bytes
     * @throws IOException if the image cannot be read
     */
    static void read(DiskImage disk, long offset, byte[] dst, int length) throws IOException {
        int sector = disk.logicalSectorSize();
        long start = offset / sector * sector;
        long end = (offset + length + sector - 1) / sector * sector;
        if (start == offset && end == offset + length) {
            disk.read(offset, dst, 0, length);
            return;
        }
        byte[] whole = new byte[(int) (end - start)];
        disk.read(start, whole, 0, whole.length);
        System.arraycopy(whole, (int) (offset - start), dst, 0, length);
    }

    /**
     * Writes {@code length} bytes at any {@code offset} inside the disk, merging partial sectors.
     *
     * @param disk   the image
     * @param offset byte offset
     * @param src    the bytes
     * @param length bytes
     * @throws IOException if the image cannot be read or written
     */
    static void write(DiskImage disk, long offset, byte[] src, int length) throws IOException {
        int sector = disk.logicalSectorSize();
        long start = offset / sector * sector;
        long end = (offset + length + sector - 1) / sector * sector;
        if (start == offset && end == offset + length) {
            disk.write(offset, src, 0, length);
            return;
        }
        byte[] whole = new byte[(int) (end - start)];
        disk.read(start, whole, 0, sector);
        disk.read(end - sector, whole, whole.length - sector, sector);
        System.arraycopy(src, 0, whole, (int) (offset - start), length);
        disk.write(start, whole, 0, whole.length);
    }

    /**
     * Checks that {@code [offset, offset + length)} lies inside the disk.
     *
     * @param disk   the image
     * @param offset byte offset
     * @param length bytes
     * @param what   the command, for the message
     */
    static void checkInside(DiskImage disk, long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > disk.size() || length > disk.size() - offset) {
            throw new CliException(what + ": bytes [" + offset + ", " + (offset + length) + ") (expected: inside the "
                    + disk.size() + "-byte disk)");
        }
    }
}
