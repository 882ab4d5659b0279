package org.hvref.machine;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Hands out guest pages (by page number) from a fixed range and takes them back; pages given out are zeroed by the
 * caller's use, not here. Thread-safe. Pages of one allocation need not be contiguous (as GPADL pages, vmbus-core.md
 * §5), but are lowest-first.
 */
public final class GuestPageAllocator {
    private final TreeSet<Long> free = new TreeSet<>();
    private final long first;
    private final long end;

    /**
     * @param firstPage first page number handed out
     * @param endPage   one past the last page number
     */
    public GuestPageAllocator(long firstPage, long endPage) {
        if (firstPage < 0 || endPage < firstPage) {
            throw new IllegalArgumentException("page range: [" + firstPage + ", " + endPage
                    + ") (expected: 0 <= first <= end)");
        }
        this.first = firstPage;
        this.end = endPage;
        for (long p = firstPage; p < endPage; p++) {
            free.add(p);
        }
    }

    /**
     * @param count pages wanted, at least one
     * @return their page numbers, ascending
     * @throws IllegalStateException if fewer pages are free
     */
    public synchronized long[] allocate(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("page count: " + count + " (expected: >= 1)");
        }
        if (free.size() < count) {
            throw new IllegalStateException("guest pages: " + free.size() + " free (expected: >= " + count + ")");
        }
        long[] pages = new long[count];
        for (int i = 0; i < count; i++) {
            pages[i] = free.pollFirst();
        }
        return pages;
    }

    /**
     * @param pages pages handed out earlier
     * @throws IllegalArgumentException if a page is outside the range or already free (nothing is freed then)
     */
    public synchronized void free(long[] pages) {
        for (long p : pages) {
            if (p < first || p >= end || free.contains(p)) {
                throw new IllegalArgumentException("free page " + p + ": " + (p < first || p >= end
                        ? "outside [" + first + ", " + end + ")" : "already free") + " (expected: an allocated page)");
            }
        }
        Arrays.stream(pages).forEach(free::add);
    }

    /** @return pages currently free */
    public synchronized int freePages() {
        return free.size();
    }
}
