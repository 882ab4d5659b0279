package org.hvref.ring;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.hvref.memory.GuestMemory;

/**
 * A ring in guest memory: one control page ({@link RingControlDescriptor}) and an ordered list of data pages that
 * need not be contiguous (a ring lives in a GPADL, vmbus-core.md §6.1, §6.7), forming a data region of {@link
 * #dataSize()} bytes. Copies in and out of the data region wrap around at its end and are split at page borders
 * (no double mapping; vmbus-core.md §6.7 "split copies at the wrap").
 *
 * <p>Construction checks that every page lies inside guest memory; after that, every method checks its offsets
 * against the data region, so nothing outside the ring's pages is ever read or written. The layout holds no
 * mutable state and may be shared by the writer and reader threads.
 */
public final class RingLayout {
    private static final int PAGE = GuestMemory.PAGE_SIZE;

    private final GuestMemory memory;
    private final long controlGpa;
    private final long[] dataPageGpas;
    private final int dataSize;
    /** GPA of data offset 0 if the data pages are contiguous in guest memory, else -1. */
    private final long contiguousDataGpa;

    private RingLayout(GuestMemory memory, long controlGpa, long[] dataPageGpas, int dataSize) {
        this.memory = memory;
        this.controlGpa = controlGpa;
        this.dataPageGpas = dataPageGpas;
        this.dataSize = dataSize;
        boolean contiguous = true;
        for (int i = 1; i < dataPageGpas.length; i++) {
            contiguous &= dataPageGpas[i] == dataPageGpas[0] + (long) i * PAGE;
        }
        this.contiguousDataGpa = contiguous ? dataPageGpas[0] : -1;
    }

    /**
     * A ring over guest pages given by page number: {@code gpns[0]} is the control page, {@code gpns[1..]} the data
     * pages in order; the data size is {@code (gpns.length - 1) * 4096}.
     *
     * @param memory guest memory holding the pages
     * @param gpns   guest page numbers ({@code gpa >> 12}), at least two
     * @return the layout
     * @throws org.hvref.memory.GuestMemoryException if a page lies outside guest memory
     */
    public static RingLayout ofPages(GuestMemory memory, long[] gpns) {
        Objects.requireNonNull(gpns, "gpns");
        if (gpns.length < 2 || gpns.length - 1 > Integer.MAX_VALUE / PAGE) {
            throw new IllegalArgumentException("ring pages: " + gpns.length + " (expected: 2.."
                + (Integer.MAX_VALUE / PAGE + 1) + ", control page + data pages)");
        }
        return ofPages(memory, gpns, (gpns.length - 1) * PAGE);
    }

    /**
     * A ring over guest pages with a data region smaller than its pages (e.g. the tiny rings of a TLA+ model):
     * the data region is the first {@code dataSize} bytes of the data pages {@code gpns[1..]}.
     *
     * @param memory   guest memory holding the pages
     * @param gpns     guest page numbers, control page first
     * @param dataSize data region size, a positive multiple of 8, at most {@code (gpns.length - 1) * 4096}
     * @return the layout
     */
    public static RingLayout ofPages(GuestMemory memory, long[] gpns, int dataSize) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(gpns, "gpns");
        if (gpns.length < 2) {
            throw new IllegalArgumentException("ring pages: " + gpns.length + " (expected: >= 2)");
        }
        checkDataSize(dataSize);
        long dataPages = (dataSize + (long) PAGE - 1) / PAGE;
        if (dataPages > gpns.length - 1) {
            throw new IllegalArgumentException("data size: " + dataSize + " (expected: <= "
                + (long) (gpns.length - 1) * PAGE + " for " + (gpns.length - 1) + " data pages)");
        }
        long[] gpas = new long[(int) dataPages];
        long control = pageGpa(memory, gpns[0], 0);
        for (int i = 0; i < gpas.length; i++) {
            gpas[i] = pageGpa(memory, gpns[i + 1], i + 1);
        }
        return new RingLayout(memory, control, gpas, dataSize);
    }

    /**
     * A ring whose control page is at {@code baseGpa} and whose data region follows it contiguously.
     *
     * @param memory   guest memory
     * @param baseGpa  page-aligned GPA of the control page
     * @param dataSize data region size, a positive multiple of 8 (real rings: a multiple of 4096)
     * @return the layout
     * @throws org.hvref.memory.GuestMemoryException if the ring does not fit in guest memory
     */
    public static RingLayout contiguous(GuestMemory memory, long baseGpa, int dataSize) {
        Objects.requireNonNull(memory, "memory");
        if ((baseGpa & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException("ring base gpa: 0x" + Long.toHexString(baseGpa)
                + " (expected: multiple of 0x1000)");
        }
        checkDataSize(dataSize);
        memory.checkRange(baseGpa, RingControlDescriptor.CONTROL_PAGE_LENGTH + (long) dataSize);
        int dataPages = (int) ((dataSize + (long) PAGE - 1) / PAGE);
        long[] gpas = new long[dataPages];
        for (int i = 0; i < dataPages; i++) {
            gpas[i] = baseGpa + RingControlDescriptor.CONTROL_PAGE_LENGTH + (long) i * PAGE;
        }
        return new RingLayout(memory, baseGpa, gpas, dataSize);
    }

    private static void checkDataSize(int dataSize) {
        if (dataSize <= 0 || dataSize % PacketDescriptor.ALIGNMENT != 0) {
            throw new IllegalArgumentException("data size: " + dataSize + " (expected: > 0, multiple of 8)");
        }
    }

    private static long pageGpa(GuestMemory memory, long gpn, int index) {
        if (gpn < 0 || gpn > (Long.MAX_VALUE >> GuestMemory.PAGE_SHIFT)) {
            throw new IllegalArgumentException("ring page " + index + " gpn: " + gpn + " (expected: >= 0)");
        }
        long gpa = gpn << GuestMemory.PAGE_SHIFT;
        memory.checkRange(gpa, PAGE);
        return gpa;
    }

    /** @return the guest memory holding the ring */
    public GuestMemory memory() {
        return memory;
    }

    /** @return size of the data region in bytes (indexes are in {@code [0, dataSize)}) */
    public int dataSize() {
        return dataSize;
    }

    /** @return GPA of the control page */
    public long controlGpa() {
        return controlGpa;
    }

    /** @return number of data pages backing the data region */
    public int dataPageCount() {
        return dataPageGpas.length;
    }

    /**
     * @param index data page index, {@code 0 <= index < dataPageCount()}
     * @return GPA of that data page
     */
    public long dataPageGpa(int index) {
        return dataPageGpas[Objects.checkIndex(index, dataPageGpas.length)];
    }

    /**
     * GPA of a data offset.
     *
     * @param dataOffset offset in {@code [0, dataSize)}
     * @return its guest physical address
     */
    public long dataGpa(int dataOffset) {
        Objects.checkIndex(dataOffset, dataSize);
        if (contiguousDataGpa >= 0) {
            return contiguousDataGpa + dataOffset;
        }
        return dataPageGpas[dataOffset / PAGE] + (dataOffset % PAGE);
    }

    // ---------------------------------------------------------------- control page

    /** @return write_index, load-acquire (not validated) */
    public int writeIndexAcquire() {
        return memory.getIntAcquire(controlGpa + RingControlDescriptor.WRITE_INDEX_OFFSET);
    }

    /** @param value write_index to store, store-release */
    public void putWriteIndexRelease(int value) {
        memory.putIntRelease(controlGpa + RingControlDescriptor.WRITE_INDEX_OFFSET, value);
    }

    /** @return read_index, load-acquire (not validated) */
    public int readIndexAcquire() {
        return memory.getIntAcquire(controlGpa + RingControlDescriptor.READ_INDEX_OFFSET);
    }

    /** @param value read_index to store, store-release */
    public void putReadIndexRelease(int value) {
        memory.putIntRelease(controlGpa + RingControlDescriptor.READ_INDEX_OFFSET, value);
    }

    /** @return interrupt_mask, load-acquire */
    public int interruptMaskAcquire() {
        return memory.getIntAcquire(controlGpa + RingControlDescriptor.INTERRUPT_MASK_OFFSET);
    }

    /** @param value interrupt_mask to store, store-release */
    public void putInterruptMaskRelease(int value) {
        memory.putIntRelease(controlGpa + RingControlDescriptor.INTERRUPT_MASK_OFFSET, value);
    }

    /** @return pending_send_sz, load-acquire (raw, low bits not masked) */
    public int pendingSendSizeAcquire() {
        return memory.getIntAcquire(controlGpa + RingControlDescriptor.PENDING_SEND_SIZE_OFFSET);
    }

    /** @param value pending_send_sz to store, store-release */
    public void putPendingSendSizeRelease(int value) {
        memory.putIntRelease(controlGpa + RingControlDescriptor.PENDING_SEND_SIZE_OFFSET, value);
    }

    /** @return feature_bits, load-acquire */
    public int featureBitsAcquire() {
        return memory.getIntAcquire(controlGpa + RingControlDescriptor.FEATURE_BITS_OFFSET);
    }

    /** @param value feature_bits to store, store-release */
    public void putFeatureBitsRelease(int value) {
        memory.putIntRelease(controlGpa + RingControlDescriptor.FEATURE_BITS_OFFSET, value);
    }

    /**
     * Initializes a fresh ring: zeroes the whole control page (indexes 0, interrupt_mask 0, pending_send_sz 0) and
     * sets feature_bits to {@link RingControlDescriptor#FEAT_PENDING_SEND_SIZE} or 0. Data pages are not touched.
     * Call before any writer or reader is attached.
     *
     * @param featurePendingSend whether to set the feat_pending_send_sz bit
     */
    public void initialize(boolean featurePendingSend) {
        memory.fill(controlGpa, RingControlDescriptor.CONTROL_PAGE_LENGTH, (byte) 0);
        putFeatureBitsRelease(featurePendingSend ? RingControlDescriptor.FEAT_PENDING_SEND_SIZE : 0);
    }

    // ---------------------------------------------------------------- data region

    private void checkSpan(int dataOffset, int length) {
        Objects.checkIndex(dataOffset, dataSize);
        if (length < 0 || length > dataSize) {
            throw new IndexOutOfBoundsException("copy length: " + length + " (expected: 0.." + dataSize + ")");
        }
    }

    /**
     * Copies {@code src[offset..offset+length)} into the data region starting at {@code dataOffset}, wrapping at
     * the end of the region.
     *
     * @param dataOffset first data offset, in {@code [0, dataSize)}
     * @param src        source array
     * @param offset     first index in {@code src}
     * @param length     bytes to copy, at most {@code dataSize}
     */
    public void copyIn(int dataOffset, byte[] src, int offset, int length) {
        checkSpan(dataOffset, length);
        Objects.checkFromIndexSize(offset, length, src.length);
        int pos = dataOffset;
        while (length > 0) {
            int chunk = chunk(pos, length);
            memory.write(gpaOf(pos), src, offset, chunk);
            offset += chunk;
            length -= chunk;
            pos = advance(pos, chunk);
        }
    }

    /**
     * Copies {@code src.remaining()} bytes into the data region starting at {@code dataOffset} (wrapping), advancing
     * {@code src}'s position.
     *
     * @param dataOffset first data offset, in {@code [0, dataSize)}
     * @param src        source buffer, at most {@code dataSize} bytes remaining
     */
    public void copyIn(int dataOffset, ByteBuffer src) {
        int length = src.remaining();
        checkSpan(dataOffset, length);
        int pos = dataOffset;
        int limit = src.limit();
        try {
            while (length > 0) {
                int chunk = chunk(pos, length);
                src.limit(src.position() + chunk);
                memory.write(gpaOf(pos), src);
                length -= chunk;
                pos = advance(pos, chunk);
            }
        } finally {
            src.limit(limit);
        }
    }

    /**
     * Copies {@code length} bytes of the data region starting at {@code dataOffset} (wrapping) into
     * {@code dst[offset..]}.
     *
     * @param dataOffset first data offset, in {@code [0, dataSize)}
     * @param dst        destination array
     * @param offset     first index in {@code dst}
     * @param length     bytes to copy, at most {@code dataSize}
     */
    public void copyOut(int dataOffset, byte[] dst, int offset, int length) {
        checkSpan(dataOffset, length);
        Objects.checkFromIndexSize(offset, length, dst.length);
        int pos = dataOffset;
        while (length > 0) {
            int chunk = chunk(pos, length);
            memory.read(gpaOf(pos), dst, offset, chunk);
            offset += chunk;
            length -= chunk;
            pos = advance(pos, chunk);
        }
    }

    /**
     * Copies {@code dst.remaining()} bytes of the data region starting at {@code dataOffset} (wrapping) into
     * {@code dst}, advancing its position.
     *
     * @param dataOffset first data offset, in {@code [0, dataSize)}
     * @param dst        destination buffer, at most {@code dataSize} bytes remaining
     */
    public void copyOut(int dataOffset, ByteBuffer dst) {
        int length = dst.remaining();
        checkSpan(dataOffset, length);
        int pos = dataOffset;
        int limit = dst.limit();
        try {
            while (length > 0) {
                int chunk = chunk(pos, length);
                dst.limit(dst.position() + chunk);
                memory.read(gpaOf(pos), dst);
                length -= chunk;
                pos = advance(pos, chunk);
            }
        } finally {
            dst.limit(limit);
        }
    }

    /**
     * Reads the little-endian u64 at an 8-aligned data offset (never split: 8-aligned words do not cross pages).
     *
     * @param dataOffset offset in {@code [0, dataSize)}, multiple of 8
     * @return the value
     */
    public long getLong(int dataOffset) {
        checkWord(dataOffset);
        return memory.getLong(gpaOf(dataOffset));
    }

    /**
     * Writes a little-endian u64 at an 8-aligned data offset.
     *
     * @param dataOffset offset in {@code [0, dataSize)}, multiple of 8
     * @param value      the value
     */
    public void putLong(int dataOffset, long value) {
        checkWord(dataOffset);
        memory.putLong(gpaOf(dataOffset), value);
    }

    private void checkWord(int dataOffset) {
        Objects.checkIndex(dataOffset, dataSize);
        if ((dataOffset & (PacketDescriptor.ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("data offset: " + dataOffset + " (expected: multiple of 8)");
        }
    }

    private long gpaOf(int pos) {
        if (contiguousDataGpa >= 0) {
            return contiguousDataGpa + pos;
        }
        return dataPageGpas[pos / PAGE] + (pos % PAGE);
    }

    /** Bytes that can be copied linearly from {@code pos}: up to the wrap and, if paged, the page end. */
    private int chunk(int pos, int length) {
        int untilWrap = dataSize - pos;
        int max = contiguousDataGpa >= 0 ? untilWrap : Math.min(untilWrap, PAGE - (pos % PAGE));
        return Math.min(length, max);
    }

    private int advance(int pos, int chunk) {
        int next = pos + chunk;
        return next == dataSize ? 0 : next;
    }

    @Override
    public String toString() {
        return "RingLayout[control=0x" + Long.toHexString(controlGpa) + ", dataSize=" + dataSize + ", dataPages="
            + dataPageGpas.length + (contiguousDataGpa >= 0 ? ", contiguous" : ", paged") + "]";
    }
}
