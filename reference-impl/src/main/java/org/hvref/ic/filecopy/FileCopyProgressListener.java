package org.hvref.ic.filecopy;

/** Receives the host side's progress: called after every write the guest acknowledged with S_OK. */
@FunctionalInterface
public interface FileCopyProgressListener {
    /** A listener that ignores progress. */
    FileCopyProgressListener NONE = (acknowledged, total) -> {
    };

    /**
     * @param acknowledged bytes the guest has acknowledged so far
     * @param total        bytes in the file
     */
    void onProgress(long acknowledged, long total);
}
