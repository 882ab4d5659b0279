package org.hvref.ic.filecopy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;

/**
 * Encodes and decodes file-copy message bodies: the bytes after the 28-byte IC header, starting with the 36-byte
 * {@link FileCopyHeaderDescriptor fcopy header}. Decoding validates every length, the name terminators and UTF-16,
 * the flags, signed 64-bit sizes, the write size against 6144 and the bytes received, and the write pad.
 */
public final class FileCopyMessageCodec {
    private FileCopyMessageCodec() {
    }

    /**
     * Decodes a body from {@code body}'s position to its limit (the buffer's position is not moved).
     *
     * @param body the body bytes
     * @return the message
     * @throws MalformedFileCopyMessageException for any body the layout does not allow
     */
    public static FileCopyMessage decode(ByteBuffer body) {
        ByteBuffer b = body.slice().order(ByteOrder.LITTLE_ENDIAN);
        int length = b.remaining();
        if (length < FileCopyHeaderDescriptor.HEADER_LENGTH) {
            throw badLength("fcopy header", length, FileCopyHeaderDescriptor.HEADER_LENGTH + "+");
        }
        FileCopyOperation op = FileCopyOperation.fromCode(b.getInt(FileCopyHeaderDescriptor.OPERATION_OFFSET));
        return switch (op) {
            case START_FILE_COPY -> decodeStart(b, length);
            case WRITE_TO_FILE -> decodeWrite(b, length);
            case COMPLETE_FCOPY -> {
                expectHeaderOnly("fcopy complete", length);
                yield new CompleteFileCopy();
            }
            case CANCEL_FCOPY -> {
                expectHeaderOnly("fcopy cancel", length);
                yield new CancelFileCopy();
            }
        };
    }

    /**
     * Decodes a body held in a whole array.
     *
     * @param body the body bytes
     * @return the message
     * @throws MalformedFileCopyMessageException for any body the layout does not allow
     */
    public static FileCopyMessage decode(byte[] body) {
        return decode(ByteBuffer.wrap(body));
    }

    private static void expectHeaderOnly(String what, int length) {
        if (length != FileCopyHeaderDescriptor.HEADER_LENGTH) {
            throw badLength(what, length, Integer.toString(FileCopyHeaderDescriptor.HEADER_LENGTH));
        }
    }

    private static StartFileCopy decodeStart(ByteBuffer b, int length) {
        if (length != StartFileCopyDescriptor.ENCODED_LENGTH) {
            throw badLength("fcopy start", length, Integer.toString(StartFileCopyDescriptor.ENCODED_LENGTH));
        }
        String fileName = decodeName(b, StartFileCopyDescriptor.FILE_NAME_OFFSET, "file_name");
        String pathName = decodeName(b, StartFileCopyDescriptor.PATH_NAME_OFFSET, "path_name");
        int flags = b.getInt(StartFileCopyDescriptor.COPY_FLAGS_OFFSET);
        if ((flags & ~FileCopyFlags.ALL) != 0) {
            throw new MalformedFileCopyMessageException(FileCopyMessageError.UNKNOWN_FLAGS,
                    String.format("fcopy start copy_flags: 0x%x (expected: subset of 0x%x)", flags, FileCopyFlags.ALL));
        }
        long fileSize = b.getLong(StartFileCopyDescriptor.FILE_SIZE_OFFSET);
        if (fileSize < 0) {
            throw new MalformedFileCopyMessageException(FileCopyMessageError.BAD_SIZE,
                    "fcopy start file_size: " + Long.toUnsignedString(fileSize) + " (expected: <= " + Long.MAX_VALUE
                            + ")");
        }
        return new StartFileCopy(fileName, pathName, flags, fileSize);
    }

    private static String decodeName(ByteBuffer b, int offset, String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < StartFileCopyDescriptor.MAX_PATH_UNITS; i++) {
            char c = b.getChar(offset + 2 * i);
            if (c == 0) {
                checkUtf16(sb, field);
                return sb.toString();
            }
            sb.append(c);
        }
        throw new MalformedFileCopyMessageException(FileCopyMessageError.UNTERMINATED_NAME,
                "fcopy start " + field + ": no NUL in " + StartFileCopyDescriptor.MAX_PATH_UNITS
                        + " units (expected: NUL-terminated)");
    }

    private static void checkUtf16(CharSequence s, String field) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedFileCopyMessageException(FileCopyMessageError.INVALID_UTF16,
                        String.format("fcopy start %s: unpaired surrogate 0x%04x at unit %d (expected: valid UTF-16)",
                                field, (int) c, i));
            }
        }
    }

    private static WriteToFile decodeWrite(ByteBuffer b, int length) {
        if (length < WriteToFileDescriptor.DATA_OFFSET || length > WriteToFileDescriptor.ENCODED_LENGTH) {
            throw badLength("fcopy write", length,
                    WriteToFileDescriptor.DATA_OFFSET + ".." + WriteToFileDescriptor.ENCODED_LENGTH);
        }
        int pad = b.getInt(WriteToFileDescriptor.PAD_OFFSET);
        if (pad != 0) {
            throw new MalformedFileCopyMessageException(FileCopyMessageError.NONZERO_PADDING,
                    String.format("fcopy write pad: 0x%x (expected: 0)", pad));
        }
        long offset = b.getLong(WriteToFileDescriptor.OFFSET_OFFSET);
        if (offset < 0) {
            throw new MalformedFileCopyMessageException(FileCopyMessageError.BAD_SIZE,
                    "fcopy write offset: " + Long.toUnsignedString(offset) + " (expected: <= " + Long.MAX_VALUE + ")");
        }
        long size = Integer.toUnsignedLong(b.getInt(WriteToFileDescriptor.SIZE_OFFSET));
        long room = length - WriteToFileDescriptor.DATA_OFFSET;
        if (size > WriteToFileDescriptor.MAX_DATA_LENGTH || size > room) {
            throw new MalformedFileCopyMessageException(FileCopyMessageError.BAD_DATA_SIZE,
                    "fcopy write size: " + size + " (expected: <= " + Math.min(room, WriteToFileDescriptor.MAX_DATA_LENGTH)
                            + ")");
        }
        byte[] data = new byte[(int) size];
        b.get(WriteToFileDescriptor.DATA_OFFSET, data);
        return new WriteToFile(offset, data);
    }

    private static MalformedFileCopyMessageException badLength(String what, int actual, String expected) {
        return new MalformedFileCopyMessageException(FileCopyMessageError.BAD_LENGTH,
                what + ": " + actual + " bytes (expected: " + expected + " bytes)");
    }

    /**
     * Encodes a body as a host sends it: START 1088 bytes, WRITE the full 6196 bytes (zero-filled after the data),
     * COMPLETE and CANCEL 36 bytes; service ids zero.
     *
     * @param message the message
     * @return the body bytes
     * @throws IllegalArgumentException if a name exceeds 259 UTF-16 units or the flags have undefined bits
     */
    public static byte[] encode(FileCopyMessage message) {
        if (message instanceof StartFileCopy s) {
            return encodeStart(s);
        }
        if (message instanceof WriteToFile w) {
            return encodeWrite(w);
        }
        return header(FileCopyHeaderDescriptor.HEADER_LENGTH, message.operation()).array();
    }

    private static ByteBuffer header(int length, FileCopyOperation op) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(FileCopyHeaderDescriptor.OPERATION_OFFSET, op.code());
        return b;
    }

    private static byte[] encodeStart(StartFileCopy s) {
        if ((s.flags() & ~FileCopyFlags.ALL) != 0) {
            throw new IllegalArgumentException(String.format("flags: 0x%x (expected: subset of 0x%x)", s.flags(),
                    FileCopyFlags.ALL));
        }
        ByteBuffer b = header(StartFileCopyDescriptor.ENCODED_LENGTH, s.operation());
        encodeName(b, StartFileCopyDescriptor.FILE_NAME_OFFSET, s.fileName(), "fileName");
        encodeName(b, StartFileCopyDescriptor.PATH_NAME_OFFSET, s.pathName(), "pathName");
        b.putInt(StartFileCopyDescriptor.COPY_FLAGS_OFFSET, s.flags());
        b.putLong(StartFileCopyDescriptor.FILE_SIZE_OFFSET, s.fileSize());
        return b.array();
    }

    private static void encodeName(ByteBuffer b, int offset, String name, String field) {
        if (name.length() >= StartFileCopyDescriptor.MAX_PATH_UNITS) {
            throw new IllegalArgumentException(field + ": " + name.length() + " units (expected: <= "
                    + (StartFileCopyDescriptor.MAX_PATH_UNITS - 1) + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            b.putChar(offset + 2 * i, name.charAt(i));
        }
    }

    private static byte[] encodeWrite(WriteToFile w) {
        ByteBuffer b = header(WriteToFileDescriptor.ENCODED_LENGTH, w.operation());
        b.putLong(WriteToFileDescriptor.OFFSET_OFFSET, w.offset());
        b.putInt(WriteToFileDescriptor.SIZE_OFFSET, w.size());
        b.put(WriteToFileDescriptor.DATA_OFFSET, w.data());
        return b.array();
    }
}
