package org.hvref.ic.filecopy;

import static org.hvref.ic.filecopy.FileCopyBodies.units;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.junit.jupiter.api.Test;

/** Layouts against the fact sheet (§5.1, IC packet offsets minus 28), golden bytes, and every refusal. */
class FileCopyMessageCodecTest {
    private static final int IC_HEADER = 28;

    @Test
    void shouldMatchFactSheetOffsets() {
        assertEquals(28, IC_HEADER + FileCopyHeaderDescriptor.operationOffset());
        assertEquals(32, IC_HEADER + FileCopyHeaderDescriptor.serviceId0Offset());
        assertEquals(48, IC_HEADER + FileCopyHeaderDescriptor.serviceId1Offset());
        assertEquals(36, FileCopyHeaderDescriptor.HEADER_LENGTH);
        assertEquals(64, IC_HEADER + StartFileCopyDescriptor.fileNameOffset());
        assertEquals(584, IC_HEADER + StartFileCopyDescriptor.pathNameOffset());
        assertEquals(1104, IC_HEADER + StartFileCopyDescriptor.copyFlagsOffset());
        assertEquals(1108, IC_HEADER + StartFileCopyDescriptor.fileSizeOffset());
        assertEquals(1088, StartFileCopyDescriptor.ENCODED_LENGTH);
        assertEquals(1116, IC_HEADER + StartFileCopyDescriptor.ENCODED_LENGTH);
        assertEquals(64, IC_HEADER + WriteToFileDescriptor.padOffset());
        assertEquals(68, IC_HEADER + WriteToFileDescriptor.offsetOffset());
        assertEquals(76, IC_HEADER + WriteToFileDescriptor.sizeOffset());
        assertEquals(80, IC_HEADER + WriteToFileDescriptor.dataOffset());
        assertEquals(6196, WriteToFileDescriptor.ENCODED_LENGTH);
        assertEquals(6224, IC_HEADER + WriteToFileDescriptor.ENCODED_LENGTH);
        assertEquals(6144, WriteToFileDescriptor.MAX_DATA_LENGTH);
        assertEquals(260, StartFileCopyDescriptor.MAX_PATH_UNITS);
    }

    @Test
    void shouldTileEachLayoutWithoutGapsOrOverlaps() {
        assertEquals(FileCopyHeaderDescriptor.serviceId0Offset(),
                FileCopyHeaderDescriptor.operationOffset() + FileCopyHeaderDescriptor.operationLength());
        assertEquals(FileCopyHeaderDescriptor.HEADER_LENGTH,
                FileCopyHeaderDescriptor.serviceId1Offset() + FileCopyHeaderDescriptor.serviceIdLength());
        assertEquals(StartFileCopyDescriptor.pathNameOffset(),
                StartFileCopyDescriptor.fileNameOffset() + StartFileCopyDescriptor.nameLength());
        assertEquals(StartFileCopyDescriptor.copyFlagsOffset(),
                StartFileCopyDescriptor.pathNameOffset() + StartFileCopyDescriptor.nameLength());
        assertEquals(StartFileCopyDescriptor.fileSizeOffset(),
                StartFileCopyDescriptor.copyFlagsOffset() + StartFileCopyDescriptor.copyFlagsLength());
        assertEquals(StartFileCopyDescriptor.ENCODED_LENGTH,
                StartFileCopyDescriptor.fileSizeOffset() + StartFileCopyDescriptor.fileSizeLength());
        assertEquals(WriteToFileDescriptor.offsetOffset(),
                WriteToFileDescriptor.padOffset() + WriteToFileDescriptor.padLength());
        assertEquals(WriteToFileDescriptor.sizeOffset(),
                WriteToFileDescriptor.offsetOffset() + WriteToFileDescriptor.offsetLength());
        assertEquals(WriteToFileDescriptor.dataOffset(),
                WriteToFileDescriptor.sizeOffset() + WriteToFileDescriptor.sizeLength());
        assertEquals(WriteToFileDescriptor.ENCODED_LENGTH,
                WriteToFileDescriptor.dataOffset() + WriteToFileDescriptor.dataLength());
    }

    @Test
    void shouldEncodeStartGoldenBytes() {
        byte[] b = FileCopyMessageCodec.encode(new StartFileCopy("a\u00e9", "d", FileCopyFlags.ALL, 0x0102030405L));
        assertEquals(1088, b.length);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Arrays.copyOfRange(b, 0, 4)); // operation 0 = START
        assertArrayEquals(new byte[32], Arrays.copyOfRange(b, 4, 36)); // both service ids zero
        // file_name "a\u00e9" UTF-16LE then NUL
        assertArrayEquals(new byte[] {'a', 0, (byte) 0xe9, 0, 0, 0}, Arrays.copyOfRange(b, 36, 42));
        assertArrayEquals(new byte[] {'d', 0, 0, 0}, Arrays.copyOfRange(b, 556, 560)); // path_name "d" then NUL
        assertArrayEquals(new byte[] {3, 0, 0, 0}, Arrays.copyOfRange(b, 1076, 1080)); // OVER_WRITE|CREATE_PATH
        assertArrayEquals(new byte[] {5, 4, 3, 2, 1, 0, 0, 0}, Arrays.copyOfRange(b, 1080, 1088)); // size LE
    }

    @Test
    void shouldEncodeWriteGoldenBytesWithPad() {
        byte[] b = FileCopyMessageCodec.encode(new WriteToFile(0x1122L, new byte[] {(byte) 0xAA, (byte) 0xBB}));
        assertEquals(6196, b.length);
        assertArrayEquals(new byte[] {1, 0, 0, 0}, Arrays.copyOfRange(b, 0, 4)); // operation 1 = WRITE
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Arrays.copyOfRange(b, 36, 40)); // pad
        assertArrayEquals(new byte[] {0x22, 0x11, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(b, 40, 48)); // offset
        assertArrayEquals(new byte[] {2, 0, 0, 0}, Arrays.copyOfRange(b, 48, 52)); // size
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB, 0}, Arrays.copyOfRange(b, 52, 55)); // data, zero fill
    }

    @Test
    void shouldEncodeCompleteAndCancelAsBareHeader() {
        byte[] complete = FileCopyMessageCodec.encode(new CompleteFileCopy());
        byte[] cancel = FileCopyMessageCodec.encode(new CancelFileCopy());
        assertEquals(36, complete.length);
        assertEquals(2, complete[0]);
        assertEquals(3, cancel[0]);
        assertEquals(new CompleteFileCopy(), FileCopyMessageCodec.decode(complete));
        assertEquals(new CancelFileCopy(), FileCopyMessageCodec.decode(cancel));
    }

    @Test
    void shouldRoundTripStartAndWrite() {
        StartFileCopy s = new StartFileCopy("f\uD83D\uDE00.txt", "x/y", FileCopyFlags.OVERWRITE, 6145);
        assertEquals(s, FileCopyMessageCodec.decode(FileCopyMessageCodec.encode(s)));
        WriteToFile w = new WriteToFile(6144, new byte[6144]);
        assertEquals(w, FileCopyMessageCodec.decode(FileCopyMessageCodec.encode(w)));
    }

    @Test
    void shouldAcceptShortWriteBodyHoldingTheData() {
        byte[] b = FileCopyBodies.write(WriteToFileDescriptor.DATA_OFFSET + 3, 0, 7, 3);
        assertEquals(new WriteToFile(7, new byte[3]), FileCopyMessageCodec.decode(b));
    }

    @Test
    void shouldDecodeFromBufferPositionWithoutMovingIt() {
        byte[] body = FileCopyMessageCodec.encode(new CancelFileCopy());
        ByteBuffer b = ByteBuffer.allocate(body.length + 5);
        b.position(5);
        b.put(body);
        b.position(5);
        assertEquals(new CancelFileCopy(), FileCopyMessageCodec.decode(b));
        assertEquals(5, b.position());
    }

    private static void assertMalformed(FileCopyMessageError reason, String message, byte[] body) {
        MalformedFileCopyMessageException e = assertThrows(MalformedFileCopyMessageException.class,
                () -> FileCopyMessageCodec.decode(body));
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldRejectBodyShorterThanHeader() {
        assertMalformed(FileCopyMessageError.BAD_LENGTH, "fcopy header: 35 bytes (expected: 36+ bytes)",
                new byte[35]);
    }

    @Test
    void shouldRejectUnknownOperation() {
        assertMalformed(FileCopyMessageError.UNKNOWN_OPERATION, "fcopy operation: 4294967295 (expected: 0..3)",
                FileCopyBodies.body(36, -1).array());
    }

    @Test
    void shouldRejectTruncatedStart() {
        assertMalformed(FileCopyMessageError.BAD_LENGTH, "fcopy start: 1087 bytes (expected: 1088 bytes)",
                FileCopyBodies.body(1087, 0).array());
    }

    @Test
    void shouldRejectCompleteWithTrailingBytes() {
        assertMalformed(FileCopyMessageError.BAD_LENGTH, "fcopy complete: 40 bytes (expected: 36 bytes)",
                FileCopyBodies.body(40, 2).array());
    }

    @Test
    void shouldRejectCancelWithTrailingBytes() {
        assertMalformed(FileCopyMessageError.BAD_LENGTH, "fcopy cancel: 37 bytes (expected: 36 bytes)",
                FileCopyBodies.body(37, 3).array());
    }

    @Test
    void shouldRejectUnterminatedFileName() {
        char[] full = new char[260];
        Arrays.fill(full, 'a');
        assertMalformed(FileCopyMessageError.UNTERMINATED_NAME,
                "fcopy start file_name: no NUL in 260 units (expected: NUL-terminated)",
                FileCopyBodies.start(full, units("d"), 0, 1));
    }

    @Test
    void shouldRejectUnterminatedPathName() {
        char[] full = new char[260];
        Arrays.fill(full, 'p');
        assertMalformed(FileCopyMessageError.UNTERMINATED_NAME,
                "fcopy start path_name: no NUL in 260 units (expected: NUL-terminated)",
                FileCopyBodies.start(units("f"), full, 0, 1));
    }

    @Test
    void shouldAcceptNameOf259UnitsPlusNul() {
        String name = "n".repeat(259);
        StartFileCopy s = (StartFileCopy) FileCopyMessageCodec.decode(FileCopyBodies.start(units(name), units(""),
                0, 0));
        assertEquals(name, s.fileName());
    }

    @Test
    void shouldRejectUnpairedHighSurrogate() {
        assertMalformed(FileCopyMessageError.INVALID_UTF16,
                "fcopy start file_name: unpaired surrogate 0xd800 at unit 1 (expected: valid UTF-16)",
                FileCopyBodies.start(units("a\uD800b"), units(""), 0, 0));
    }

    @Test
    void shouldRejectLoneLowSurrogateInPath() {
        assertMalformed(FileCopyMessageError.INVALID_UTF16,
                "fcopy start path_name: unpaired surrogate 0xdc00 at unit 0 (expected: valid UTF-16)",
                FileCopyBodies.start(units("a"), units("\uDC00"), 0, 0));
    }

    @Test
    void shouldRejectUnknownFlags() {
        assertMalformed(FileCopyMessageError.UNKNOWN_FLAGS,
                "fcopy start copy_flags: 0x7 (expected: subset of 0x3)", FileCopyBodies.start(units("a"), units(""),
                        7, 0));
    }

    @Test
    void shouldRejectFileSizeAboveSignedRange() {
        assertMalformed(FileCopyMessageError.BAD_SIZE,
                "fcopy start file_size: 18446744073709551615 (expected: <= 9223372036854775807)",
                FileCopyBodies.start(units("a"), units(""), 0, -1));
    }

    @Test
    void shouldRejectWriteShorterThanItsFixedPart() {
        assertMalformed(FileCopyMessageError.BAD_LENGTH, "fcopy write: 51 bytes (expected: 52..6196 bytes)",
                FileCopyBodies.body(51, 1).array());
    }

    @Test
    void shouldRejectWriteLongerThanTheLayout() {
        assertMalformed(FileCopyMessageError.BAD_LENGTH, "fcopy write: 6197 bytes (expected: 52..6196 bytes)",
                FileCopyBodies.write(6197, 0, 0, 0));
    }

    @Test
    void shouldRejectNonZeroPadOfTheOldLayout() {
        assertMalformed(FileCopyMessageError.NONZERO_PADDING, "fcopy write pad: 0x1000 (expected: 0)",
                FileCopyBodies.write(6196, 4096, 0, 1));
    }

    @Test
    void shouldRejectNegativeWriteOffset() {
        assertMalformed(FileCopyMessageError.BAD_SIZE,
                "fcopy write offset: 9223372036854775808 (expected: <= 9223372036854775807)",
                FileCopyBodies.write(6196, 0, Long.MIN_VALUE, 1));
    }

    @Test
    void shouldRejectWriteSizeAboveFragmentLimit() {
        assertMalformed(FileCopyMessageError.BAD_DATA_SIZE, "fcopy write size: 6145 (expected: <= 6144)",
                FileCopyBodies.write(6196, 0, 0, 6145));
    }

    @Test
    void shouldRejectWriteSizePastReceivedBytes() {
        assertMalformed(FileCopyMessageError.BAD_DATA_SIZE, "fcopy write size: 11 (expected: <= 10)",
                FileCopyBodies.write(62, 0, 0, 11));
    }

    @Test
    void shouldRejectHugeUnsignedWriteSize() {
        assertMalformed(FileCopyMessageError.BAD_DATA_SIZE, "fcopy write size: 4294967295 (expected: <= 6144)",
                FileCopyBodies.write(6196, 0, 0, -1));
    }

    @Test
    void shouldRefuseToEncodeNameOf260Units() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileCopyMessageCodec.encode(new StartFileCopy("n".repeat(260), "", 0, 0)));
        assertEquals("fileName: 260 units (expected: <= 259)", e.getMessage());
    }

    @Test
    void shouldNameStatusesAndOperations() {
        assertEquals("ALREADY_EXISTS(0x80070050)", FileCopyStatus.name(FileCopyStatus.ALREADY_EXISTS));
        assertEquals("DISK_FULL(0x80070070)", FileCopyStatus.name(FileCopyStatus.DISK_FULL));
        assertEquals("E_FAIL(0x80004005)", FileCopyStatus.name(FileCopyStatus.E_FAIL));
        assertEquals("UNKNOWN(0x00000009)", FileCopyStatus.name(9));
        assertEquals(FileCopyOperation.CANCEL_FCOPY, FileCopyOperation.fromCode(3));
    }
}
