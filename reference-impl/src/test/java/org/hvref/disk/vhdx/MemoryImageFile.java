package org.hvref.disk.vhdx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory {@link ImageFile} that can crash: after a set number of mutating operations (write, setLength,
 * sync) every further one throws, and {@link #afterCrash(boolean)} gives the bytes a disk would hold — either every
 * completed write, or only what the last sync made durable.
 */
final class MemoryImageFile implements ImageFile {
    private byte[] data;
    private long length;
    private long opsLeft = -1;
    private long ops;
    private final List<Object[]> undo = new ArrayList<>();
    private long tornAt = -1;
    private int tornLength;

    MemoryImageFile() {
        this(new byte[0], 0);
    }

    private MemoryImageFile(byte[] data, long length) {
        this.data = data;
        this.length = length;
    }

    /** Crash on the ({@code n}+1)-th mutating operation from now; negative = never. */
    void crashAfter(long n) {
        opsLeft = n;
    }

    /** @return mutating operations done so far */
    long operations() {
        return ops;
    }

    /** @return a copy of the current bytes (no crash) */
    MemoryImageFile copy() {
        return new MemoryImageFile(Arrays.copyOf(data, (int) length), length);
    }

    /**
     * @param keepUnsynced whether writes since the last sync survive
     * @param torn         whether the write the crash interrupted left garbage in its whole range
     * @return the file a restart would see
     */
    MemoryImageFile afterCrash(boolean keepUnsynced, boolean torn) {
        MemoryImageFile f = copy();
        if (!keepUnsynced) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                Object[] u = undo.get(i);
                long pos = (Long) u[0];
                byte[] old = (byte[]) u[1];
                f.ensure(pos + old.length);
                System.arraycopy(old, 0, f.data, (int) pos, old.length);
                f.length = (Long) u[2];
            }
        }
        if (torn && tornAt >= 0) {
            byte[] garbage = new byte[tornLength];
            new java.util.Random(tornAt * 31 + tornLength).nextBytes(garbage);
            f.ensure(tornAt + tornLength);
            System.arraycopy(garbage, 0, f.data, (int) tornAt, tornLength);
            f.length = Math.max(f.length, tornAt + tornLength);
        }
        return f;
    }

    private void mutate() throws IOException {
        if (opsLeft == 0) {
            throw new IOException("injected crash");
        }
        if (opsLeft > 0) {
            opsLeft--;
        }
        ops++;
    }

    private void ensure(long size) {
        if (size > data.length) {
            data = Arrays.copyOf(data, (int) Math.max(size, data.length * 3L / 2));
        }
    }

    @Override
    public void read(long position, byte[] dst, int dstOff, int len) {
        if (position + len <= length) {
            System.arraycopy(data, (int) position, dst, dstOff, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            long p = position + i;
            dst[dstOff + i] = p < length ? data[(int) p] : 0;
        }
    }

    @Override
    public void write(long position, byte[] src, int srcOff, int len) throws IOException {
        if (opsLeft == 0 && tornAt < 0) {
            tornAt = position;
            tornLength = len;
        }
        mutate();
        byte[] old = new byte[len];
        read(position, old, 0, len);
        undo.add(new Object[] {position, old, length});
        ensure(position + len);
        if (position > length) {
            Arrays.fill(data, (int) length, (int) position, (byte) 0);
        }
        System.arraycopy(src, srcOff, data, (int) position, len);
        length = Math.max(length, position + len);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void setLength(long newLength) throws IOException {
        mutate();
        long oldLength = length;
        if (newLength < length) {
            byte[] old = new byte[(int) (length - newLength)];
            read(newLength, old, 0, old.length);
            undo.add(new Object[] {newLength, old, oldLength});
            Arrays.fill(data, (int) newLength, (int) length, (byte) 0);
        } else {
            undo.add(new Object[] {newLength, new byte[0], oldLength});
            ensure(newLength);
            Arrays.fill(data, (int) length, (int) newLength, (byte) 0);
        }
        length = newLength;
    }

    @Override
    public void sync() throws IOException {
        mutate();
        undo.clear();
    }

    @Override
    public void close() {
    }
}
