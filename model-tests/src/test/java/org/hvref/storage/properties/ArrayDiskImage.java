package org.hvref.storage.properties;

import java.io.IOException;
import java.util.Arrays;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;

/** A RAW disk in a byte array for fuzzing: strict about ranges so a target bug surfaces as an exception. */
final class ArrayDiskImage implements DiskImage {
    final byte[] bytes;
    private final int sector;
    private final boolean readOnly;

    ArrayDiskImage(int size, int sector, boolean readOnly) {
        this.bytes = new byte[size];
        this.sector = sector;
        this.readOnly = readOnly;
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.RAW;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int logicalSectorSize() {
        return sector;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    private void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length || offset % sector != 0
                || length % sector != 0) {
            throw new IllegalArgumentException("range: " + offset + "+" + length + " (expected: on the disk)");
        }
    }

    @Override
    public void read(long offset, byte[] dst, int dstOff, int length) {
        check(offset, length);
        System.arraycopy(bytes, (int) offset, dst, dstOff, length);
    }

    @Override
    public void write(long offset, byte[] src, int srcOff, int length) throws IOException {
        if (readOnly) {
            throw new IOException("read-only image");
        }
        check(offset, length);
        System.arraycopy(src, srcOff, bytes, (int) offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        if (readOnly) {
            throw new IOException("read-only image");
        }
        check(offset, length);
        Arrays.fill(bytes, (int) offset, (int) (offset + length), (byte) 0);
    }

    @Override
    public void close() {
    }
}
