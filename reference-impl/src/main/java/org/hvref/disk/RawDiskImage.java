package org.hvref.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A raw image: byte i of the file is byte i of the disk; the size is the file length rounded down to 512. */
public final class RawDiskImage implements DiskImage {
    /** Logical sector size of raw images (qemu's default for raw block devices). */
    public static final int SECTOR_SIZE = 512;

    private final FileChannel file;
    private final long size;
    private final boolean readOnly;

    private RawDiskImage(FileChannel file, long size, boolean readOnly) {
        this.file = file;
        this.size = size;
        this.readOnly = readOnly;
    }

    /**
     * Opens an existing raw image.
     *
     * @param path     the file
     * @param readOnly whether writes are refused
     * @return the open image
     * @throws IOException if the file cannot be opened
     */
    public static RawDiskImage open(Path path, boolean readOnly) throws IOException {
        FileChannel file = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new RawDiskImage(file, file.size() / SECTOR_SIZE * SECTOR_SIZE, readOnly);
    }

    /**
     * Creates a raw image of {@code size} zero bytes (sparse where the file system allows it).
     *
     * @param path the new file (must not exist)
     * @param size the size in bytes, a multiple of 512
     * @return the image, open for writing
     * @throws IOException if the file cannot be created
     */
    public static RawDiskImage create(Path path, long size) throws IOException {
        if (size < 0 || size % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("raw size: " + size + " (expected: a multiple of 512, >= 0)");
        }
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (size > 0) {
            ImageFiles.write(file, size - 1, new byte[1], 0, 1);
        }
        return new RawDiskImage(file, size, false);
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.RAW;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int logicalSectorSize() {
        return SECTOR_SIZE;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public synchronized void read(long offset, byte[] dst, int dstOff, int length) throws IOException {
        ImageFiles.checkRange(this, offset, dst.length, dstOff, length);
        ImageFiles.read(file, offset, dst, dstOff, length, "raw data");
    }

    @Override
    public synchronized void write(long offset, byte[] src, int srcOff, int length) throws IOException {
        ImageFiles.checkRange(this, offset, src.length, srcOff, length);
        if (readOnly) {
            throw new IOException("raw image: opened read-only");
        }
        ImageFiles.write(file, offset, src, srcOff, length);
    }

    /** Zeros the range (a portable JDK cannot punch holes); reads then return zeros. */
    @Override
    public synchronized void discard(long offset, long length) throws IOException {
        ImageFiles.checkDiscard(this, offset, length);
        ImageFiles.zero(file, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
        file.force(true);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
