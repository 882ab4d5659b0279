package org.hvref.storage.scsi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;

/** A RAW disk held in a byte array that counts flushes, records discards and can be told to fail. */
final class MemoryDiskImage implements DiskImage {
    final byte[] bytes;
    private final int sector;
    private final int physical;
    private final boolean readOnly;
    int flushes;
    final List<long[]> discards = new ArrayList<>();
    boolean failIo;

    MemoryDiskImage(long size, int sector, int physical, boolean readOnly) {
        this.bytes = new byte[Math.toIntExact(size)];
        this.sector = sector;
        this.physical = physical;
        this.readOnly = readOnly;
    }

    MemoryDiskImage(long size) {
        this(size, 512, 512, false);
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
    public int physicalSectorSize() {
        return physical;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    private void check(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > bytes.length || offset % sector != 0
                || length % sector != 0) {
            throw new IllegalArgumentException("range " + offset + "+" + length);
        }
        if (failIo) {
            throw new IOException("injected failure");
        }
    }

    @Override
    public void read(long offset, byte[] dst, int dstOff, int length) throws IOException {
        check(offset, length);
        System.arraycopy(bytes, (int) offset, dst, dstOff, length);
    }

    @Override
    public void write(long offset, byte[] src, int srcOff, int length) throws IOException {
        if (readOnly) {
            throw new IllegalStateException("write to a read-only image");
        }
        check(offset, length);
        System.arraycopy(src, srcOff, bytes, (int) offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (failIo) {
            throw new IOException("injected failure");
        }
        flushes++;
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        check(offset, Math.toIntExact(length));
        discards.add(new long[] {offset, length});
        Arrays.fill(bytes, (int) offset, (int) (offset + length), (byte) 0);
    }

    @Override
    public void close() {
    }
}
