package org.hvref.storage.vsc;

/** Guest pages the VSC uses as data buffers of its requests (by page number; contents are the VSC's business). */
public interface DmaPages {
    /**
     * @param count pages wanted, at least one
     * @return their page numbers
     * @throws IllegalStateException if not enough pages are free
     */
    long[] allocate(int count);

    /** @param pages pages from {@link #allocate}, given back */
    void free(long[] pages);
}
