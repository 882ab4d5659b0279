package org.hvref.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positioned whole-buffer file I/O and argument checks shared by the image formats. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads {@code length} bytes at {@code position}.
     *
     * @param file     the image file
     * @param position byte offset in the file
     * @param length   bytes to read
     * @param what     names the structure in the error message
     * @return the bytes
     * @throws DamagedImageException if the file ends before {@code position + length}
     * @throws IOException           if the file cannot be read
     */
    public static byte[] read(FileChannel file, long position, int length, String what) throws IOException {
        byte[] bytes = new byte[length];
        read(file, position, bytes, 0, length, what);
        return bytes;
    }

    /**
     * Reads exactly {@code length} bytes at {@code position} into {@code dst}.
     *
     * @param file     the image file
     * @param position byte offset in the file
     * @param dst      destination
     * @param dstOff   offset in {@code dst}
     * @param length   bytes to read
     * @param what     names the structure in the error message
     * @throws DamagedImageException if the file ends before {@code position + length}
     * @throws IOException           if the file cannot be read
     */
    public static void read(FileChannel file, long position, byte[] dst, int dstOff, int length, String what)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(dst, dstOff, length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = file.read(buffer, at);
            if (n < 0) {
                throw new DamagedImageException(what + ": file ends at " + file.size() + " bytes (expected: >= "
                        + (position + length) + " bytes)");
            }
            at += n;
        }
    }

    /**
     * Writes all of {@code src[srcOff, srcOff + length)} at {@code position}, growing the file if needed.
     *
     * @param file     the image file
     * @param position byte offset in the file
     * @param src      source
     * @param srcOff   offset in {@code src}
     * @param length   bytes to write
     * @throws IOException if the file cannot be written
     */
    public static void write(FileChannel file, long position, byte[] src, int srcOff, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(src, srcOff, length);
        long at = position;
        while (buffer.hasRemaining()) {
            at += file.write(buffer, at);
        }
    }

    /**
     * Checks a {@link DiskImage#read}/{@link DiskImage#write} request (caller bugs, so unchecked).
     *
     * @param image       the image
     * @param offset      byte offset in the virtual disk
     * @param arrayLength length of the caller's array
     * @param arrayOff    offset in the caller's array
     * @param length      bytes requested
     * @throws IllegalArgumentException if the range is outside the disk or the array, or not sector-aligned
     */
    public static void checkRange(DiskImage image, long offset, int arrayLength, int arrayOff, int length) {
        int sector = image.logicalSectorSize();
        if (offset < 0 || length < 0 || offset > image.size() - length) {
            throw new IllegalArgumentException("disk range: offset=" + offset + " length=" + length
                    + " (expected: within size=" + image.size() + ")");
        }
        if (offset % sector != 0 || length % sector != 0) {
            throw new IllegalArgumentException("disk range: offset=" + offset + " length=" + length
                    + " (expected: multiples of " + sector + ")");
        }
        if (arrayOff < 0 || arrayOff > arrayLength - length) {
            throw new IllegalArgumentException("buffer range: off=" + arrayOff + " length=" + length
                    + " (expected: within array length=" + arrayLength + ")");
        }
    }

    /**
     * Checks a {@link DiskImage#discard} request: inside the disk, sector-aligned, writable image.
     *
     * @param image  the image
     * @param offset byte offset in the virtual disk
     * @param length bytes to discard
     * @throws IllegalArgumentException if the range is outside the disk or not sector-aligned
     * @throws IOException              if the image is read-only
     */
    public static void checkDiscard(DiskImage image, long offset, long length) throws IOException {
        int sector = image.logicalSectorSize();
        if (offset < 0 || length < 0 || offset > image.size() - length) {
            throw new IllegalArgumentException("discard range: offset=" + offset + " length=" + length
                    + " (expected: within size=" + image.size() + ")");
        }
        if (offset % sector != 0 || length % sector != 0) {
            throw new IllegalArgumentException("discard range: offset=" + offset + " length=" + length
                    + " (expected: multiples of " + sector + ")");
        }
        if (image.readOnly()) {
            throw new IOException(image.format().qemuName() + " image: opened read-only (discard refused)");
        }
    }

    /** Writes bytes at a file position (a {@link FileChannel} or another image-file abstraction). */
    @FunctionalInterface
    public interface PositionedWriter {
        /**
         * @param position byte offset in the file
         * @param src      the source
         * @param srcOff   offset in {@code src}
         * @param length   bytes to write
         * @throws IOException if the file cannot be written
         */
        void write(long position, byte[] src, int srcOff, int length) throws IOException;
    }

    /**
     * Writes zeros over {@code [position, position + length)} of the file, at most 1 MiB per write.
     *
     * @param file     the image file
     * @param position byte offset in the file
     * @param length   bytes to zero
     * @throws IOException if the file cannot be written
     */
    public static void zero(FileChannel file, long position, long length) throws IOException {
        zero((p, src, off, n) -> write(file, p, src, off, n), position, length);
    }

    /**
     * Writes zeros over {@code [position, position + length)} through {@code out}, at most 1 MiB per write.
     *
     * @param out      writes into the image file
     * @param position byte offset in the file
     * @param length   bytes to zero
     * @throws IOException if the file cannot be written
     */
    public static void zero(PositionedWriter out, long position, long length) throws IOException {
        byte[] zeros = new byte[(int) Math.min(length, 1 << 20)];
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(zeros.length, length - done);
            out.write(position + done, zeros, 0, n);
            done += n;
        }
    }
}
