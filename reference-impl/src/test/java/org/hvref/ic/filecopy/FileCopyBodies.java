package org.hvref.ic.filecopy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds raw file-copy bodies for tests, including ones the codec's encoder refuses to produce. */
final class FileCopyBodies {
    private FileCopyBodies() {
    }

    static ByteBuffer body(int length, int operation) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(FileCopyHeaderDescriptor.OPERATION_OFFSET, operation);
        return b;
    }

    /** A START body with raw name units (no NUL appended: the caller includes it or not). */
    static byte[] start(char[] fileName, char[] pathName, int flags, long size) {
        ByteBuffer b = body(StartFileCopyDescriptor.ENCODED_LENGTH, FileCopyOperation.START_FILE_COPY.code());
        for (int i = 0; i < fileName.length; i++) {
            b.putChar(StartFileCopyDescriptor.FILE_NAME_OFFSET + 2 * i, fileName[i]);
        }
        for (int i = 0; i < pathName.length; i++) {
            b.putChar(StartFileCopyDescriptor.PATH_NAME_OFFSET + 2 * i, pathName[i]);
        }
        b.putInt(StartFileCopyDescriptor.COPY_FLAGS_OFFSET, flags);
        b.putLong(StartFileCopyDescriptor.FILE_SIZE_OFFSET, size);
        return b.array();
    }

    static byte[] write(int length, int pad, long offset, int size) {
        ByteBuffer b = body(length, FileCopyOperation.WRITE_TO_FILE.code());
        b.putInt(WriteToFileDescriptor.PAD_OFFSET, pad);
        b.putLong(WriteToFileDescriptor.OFFSET_OFFSET, offset);
        b.putInt(WriteToFileDescriptor.SIZE_OFFSET, size);
        return b.array();
    }

    static char[] units(String s) {
        return (s + "\0").toCharArray();
    }
}
