package org.hvref.disk.vhdx;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps writes in memory over a read-only file, in 4 KiB pages: how a read-only opener replays a dirty VHDX log
 * without touching the file (MS-VHDX §2.3.3, devices-net-storage-pci.md §6.2.4).
 */
final class OverlayImageFile implements ImageFile {
    private static final int PAGE = 4096;
    private final ImageFile base;
    private final Map<Long, byte[]> pages = new HashMap<>();
    private long length;

    OverlayImageFile(ImageFile base) throws IOException {
        this.base = base;
        this.length = base.length();
    }

    @Override
    public void read(long position, byte[] dst, int dstOff, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long pos = position + done;
            long pageNo = pos / PAGE;
            int inPage = (int) (pos % PAGE);
            int n = Math.min(length - done, PAGE - inPage);
            byte[] page = pages.get(pageNo);
            if (page != null) {
                System.arraycopy(page, inPage, dst, dstOff + done, n);
            } else if (pos >= this.length) {
                java.util.Arrays.fill(dst, dstOff + done, dstOff + done + n, (byte) 0);
            } else {
                base.read(pos, dst, dstOff + done, n);
            }
            done += n;
        }
    }

    @Override
    public void write(long position, byte[] src, int srcOff, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long pos = position + done;
            long pageNo = pos / PAGE;
            int inPage = (int) (pos % PAGE);
            int n = Math.min(length - done, PAGE - inPage);
            byte[] page = pages.get(pageNo);
            if (page == null) {
                page = new byte[PAGE];
                read(pageNo * PAGE, page, 0, PAGE);
                pages.put(pageNo, page);
            }
            System.arraycopy(src, srcOff + done, page, inPage, n);
            done += n;
        }
        this.length = Math.max(this.length, position + length);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void setLength(long newLength) {
        length = newLength;
    }

    @Override
    public void sync() {
    }

    @Override
    public void close() throws IOException {
        base.close();
    }
}
