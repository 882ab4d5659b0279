package org.hvref.disk;

import java.io.IOException;

/**
 * An open virtual disk: a fixed-size byte-addressed block device (raw, VHD or VHDX underneath) that the storage
 * target reads and writes by byte offset; offsets and lengths are multiples of {@link #logicalSectorSize()}.
 */
public interface DiskImage extends AutoCloseable {
    /** @return the image format */
    DiskFormat format();

    /** @return the virtual size the guest sees, in bytes */
    long size();

    /** @return the logical sector size in bytes (512 for VHD; 512 or 4096 for VHDX) */
    int logicalSectorSize();

    /** @return the physical sector size in bytes (reported in READ CAPACITY 16 / VPD 0xB0) */
    default int physicalSectorSize() {
        return logicalSectorSize();
    }

    /** @return whether the image was opened read-only */
    boolean readOnly();

    /**
     * Reads {@code length} bytes at {@code offset}; unallocated ranges read as zeros.
     *
     * @param offset byte offset in the virtual disk
     * @param dst    the destination
     * @param dstOff offset in {@code dst}
     * @param length bytes to read
     * @throws IOException              if the file cannot be read or is damaged
     * @throws IllegalArgumentException if the range is outside the disk or not sector-aligned
     */
    void read(long offset, byte[] dst, int dstOff, int length) throws IOException;

    /**
     * Writes {@code length} bytes at {@code offset}, allocating blocks as needed.
     *
     * @param offset byte offset in the virtual disk
     * @param src    the source
     * @param srcOff offset in {@code src}
     * @param length bytes to write
     * @throws IOException              if the file cannot be written (or the image is read-only)
     * @throws IllegalArgumentException if the range is outside the disk or not sector-aligned
     */
    void write(long offset, byte[] src, int srcOff, int length) throws IOException;

    /**
     * Makes every completed write durable (data, then metadata), as SYNCHRONIZE CACHE requires.
     *
     * @throws IOException if the file cannot be synced
     */
    void flush() throws IOException;

    /**
     * Tells the image the range is no longer used (SCSI UNMAP, WRITE SAME with UNMAP): afterwards every sector of
     * the range reads as zeros (raw and fixed images zero the bytes; growing images drop what they can, see each
     * format's Javadoc). Offset and length are validated like {@link #write}; a read-only image refuses. The default
     * (kept for test doubles) keeps the data, which SCSI UNMAP with LBPRZ = 0 allows; the raw, VHD and VHDX images of
     * this package override it.
     *
     * @param offset byte offset in the virtual disk
     * @param length bytes, a multiple of {@link #logicalSectorSize()}
     * @throws IOException              if the file cannot be updated or the image is read-only
     * @throws IllegalArgumentException if the range is outside the disk or not sector-aligned
     */
    default void discard(long offset, long length) throws IOException {
    }

    @Override
    void close() throws IOException;
}
