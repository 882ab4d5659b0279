package org.hvref.disk.interop;

import java.io.IOException;
import org.hvref.disk.vhdx.ImageFile;

/**
 * A real image file that crashes: the first mutating operation the rule picks (and every operation after it) fails
 * with "injected crash" without reaching the file, as if the process died there. What reached the file before stays.
 */
final class CrashingImageFile implements ImageFile {
    /** Picks the operation that crashes. */
    @FunctionalInterface
    interface CrashRule {
        /**
         * @param index    0-based index of this mutating operation (write, setLength, sync)
         * @param position the file offset of a write, else -1
         * @return whether it crashes
         */
        boolean crashes(int index, long position);
    }

    private final ImageFile file;
    private final CrashRule rule;
    private int operations;
    private boolean crashed;

    private CrashingImageFile(ImageFile file, CrashRule rule) {
        this.file = file;
        this.rule = rule;
    }

    /** Crashes at the first write into [from, to). */
    static CrashingImageFile beforeWriteInto(ImageFile file, long from, long to) {
        return new CrashingImageFile(file, (i, position) -> position >= from && position < to);
    }

    /** Crashes at the {@code index}-th mutating operation (0-based). */
    static CrashingImageFile atOperation(ImageFile file, int index) {
        return new CrashingImageFile(file, (i, position) -> i == index);
    }

    /** @return whether the crash happened */
    boolean crashed() {
        return crashed;
    }

    private void mutate(long position) throws IOException {
        if (crashed || rule.crashes(operations++, position)) {
            crashed = true;
            throw new IOException("injected crash");
        }
    }

    @Override
    public void read(long position, byte[] dst, int dstOff, int length) throws IOException {
        file.read(position, dst, dstOff, length);
    }

    @Override
    public void write(long position, byte[] src, int srcOff, int length) throws IOException {
        mutate(position);
        file.write(position, src, srcOff, length);
    }

    @Override
    public long length() throws IOException {
        return file.length();
    }

    @Override
    public void setLength(long length) throws IOException {
        mutate(-1);
        file.setLength(length);
    }

    @Override
    public void sync() throws IOException {
        mutate(-1);
        file.sync();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
