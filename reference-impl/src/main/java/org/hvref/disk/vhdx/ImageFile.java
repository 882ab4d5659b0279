package org.hvref.disk.vhdx;

import java.io.Closeable;
import java.io.IOException;

/** The byte store under an image (a file, or a fault-injecting/in-memory stand-in in tests). */
public interface ImageFile extends Closeable {
    /**
     * Reads exactly {@code length} bytes at {@code position}; bytes past the end of the file read as zeros.
     *
     * @param position file offset
     * @param dst      destination
     * @param dstOff   offset in {@code dst}
     * @param length   bytes to read
     * @throws IOException if the read fails
     */
    void read(long position, byte[] dst, int dstOff, int length) throws IOException;

    /**
     * Writes {@code length} bytes at {@code position}, growing the file when needed.
     *
     * @param position file offset
     * @param src      source
     * @param srcOff   offset in {@code src}
     * @param length   bytes to write
     * @throws IOException if the write fails
     */
    void write(long position, byte[] src, int srcOff, int length) throws IOException;

    /** @return the file length in bytes @throws IOException if it cannot be read */
    long length() throws IOException;

    /**
     * Grows (with zeros) or shrinks the file.
     *
     * @param length new length
     * @throws IOException if it fails
     */
    void setLength(long length) throws IOException;

    /** Makes every completed write durable. @throws IOException if it fails */
    void sync() throws IOException;
}
