package org.hvref.ic.filecopy;

import java.util.Arrays;
import java.util.Objects;

/** A decoded file-copy message body (one per {@link FileCopyOperation}). */
public sealed interface FileCopyMessage {

    /** @return the operation this message carries */
    FileCopyOperation operation();

    /**
     * START_FILE_COPY: names as decoded (not yet validated as a path; the guest does that).
     *
     * @param fileName the file name (UTF-16 units before the NUL)
     * @param pathName the directory path (UTF-16 units before the NUL)
     * @param flags    copy flags ({@link FileCopyFlags})
     * @param fileSize declared total size in bytes, {@code >= 0}
     */
    record StartFileCopy(String fileName, String pathName, int flags, long fileSize) implements FileCopyMessage {
        /** Validates the fields a caller could get wrong. */
        public StartFileCopy {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(pathName, "pathName");
            if (fileSize < 0) {
                throw new IllegalArgumentException("fileSize: " + fileSize + " (expected: >= 0)");
            }
        }

        @Override
        public FileCopyOperation operation() {
            return FileCopyOperation.START_FILE_COPY;
        }
    }

    /**
     * WRITE_TO_FILE.
     *
     * @param offset byte offset in the target file, {@code >= 0}
     * @param data   the valid data bytes, at most 6144 (copied)
     */
    record WriteToFile(long offset, byte[] data) implements FileCopyMessage {
        /** Copies the data and validates offset and length. */
        public WriteToFile {
            if (offset < 0) {
                throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
            }
            data = data.clone();
            if (data.length > WriteToFileDescriptor.MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("data: " + data.length + " bytes (expected: <= "
                        + WriteToFileDescriptor.MAX_DATA_LENGTH + ")");
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** @return the number of data bytes */
        public int size() {
            return data.length;
        }

        @Override
        public FileCopyOperation operation() {
            return FileCopyOperation.WRITE_TO_FILE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WriteToFile w && w.offset == offset && Arrays.equals(w.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "WriteToFile[offset=" + offset + ", size=" + data.length + "]";
        }
    }

    /** COMPLETE_FCOPY: the host has sent every byte. */
    record CompleteFileCopy() implements FileCopyMessage {
        @Override
        public FileCopyOperation operation() {
            return FileCopyOperation.COMPLETE_FCOPY;
        }
    }

    /** CANCEL_FCOPY: the host abandons the copy; the guest removes the partial file. */
    record CancelFileCopy() implements FileCopyMessage {
        @Override
        public FileCopyOperation operation() {
            return FileCopyOperation.CANCEL_FCOPY;
        }
    }
}
