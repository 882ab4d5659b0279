package org.hvref.ic.filecopy;

import static org.hvref.ic.filecopy.FileCopyIcTestSupport.assertNoTemp;
import static org.hvref.ic.filecopy.FileCopyIcTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile host talking to {@link FileCopyDaemon} through {@link org.hvref.ic.IcServiceClient}
 * (devices-ic-input-video.md §5.1, §5.4 "Security", §12.3): bad lengths, unterminated names, offsets past the declared
 * size, sizes above 6144 or the bytes received, WRITE before START, COMPLETE twice, unknown operations and flags, and
 * 5000 random bodies. Every request is answered with an error status (never a crash), nothing appears outside the
 * root and no temporary file remains.
 */
class FileCopyIcHostileHostTest {
    private static final Set<Integer> STATUSES = Set.of(IcStatus.S_OK, IcStatus.E_FAIL,
            IcStatus.ERROR_ALREADY_EXISTS, IcStatus.ERROR_DISK_FULL);

    @TempDir
    Path tmp;
    Path sandbox;
    Path root;
    FileCopyIcLoop loop;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Files.createDirectory(tmp.resolve("sandbox"));
        root = Files.createDirectory(sandbox.resolve("root"));
        Files.writeString(sandbox.resolve("secret"), "keep");
        loop = new FileCopyIcLoop(root, IcVersionPolicy.LINUX, SpecTracer.OFF, SpecTracer.OFF);
        assertInstanceOf(IcHostResult.Negotiated.class, loop.negotiate());
    }

    private static byte[] encode(FileCopyMessage m) {
        return FileCopyMessageCodec.encode(m);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void assertStatus(int expected, byte[] body, String what) {
        IcHostResult.Response r = loop.send(body);
        assertEquals(IcStatus.describe(expected), IcStatus.describe(r.header().status()), what);
        assertEquals(body.length, r.payload().length, what + ": the answer echoes the body");
    }

    private void assertMalformed(byte[] body, FileCopyMessageError reason, String what) {
        assertStatus(IcStatus.E_FAIL, body, what);
        assertEquals(reason, loop.daemon.lastReply().orElseThrow().error().orElseThrow().reason(), what);
    }

    private void assertClean() throws IOException {
        assertFalse(loop.daemon.copyInProgress());
        assertNoTemp(root);
        assertEquals("keep", Files.readString(sandbox.resolve("secret")));
        assertEquals(List.of("", "root", "secret"), tree(sandbox).stream().filter(p -> !p.startsWith("root/"))
                .toList());
    }

    @Test
    void badLengthsShouldBeAnsweredEFail() throws IOException {
        byte[] start = encode(new StartFileCopy("f", "", 0, 10));
        assertMalformed(Arrays.copyOf(start, start.length - 1), FileCopyMessageError.BAD_LENGTH, "short start");
        assertMalformed(Arrays.copyOf(start, start.length + 1), FileCopyMessageError.BAD_LENGTH, "long start");
        assertMalformed(new byte[35], FileCopyMessageError.BAD_LENGTH, "shorter than the fcopy header");
        assertMalformed(new byte[0], FileCopyMessageError.BAD_LENGTH, "empty body");
        byte[] write = encode(new WriteToFile(0, new byte[10]));
        assertMalformed(Arrays.copyOf(write, WriteToFileDescriptor.DATA_OFFSET - 1), FileCopyMessageError.BAD_LENGTH,
                "write without a size field");
        assertMalformed(Arrays.copyOf(write, write.length + 1), FileCopyMessageError.BAD_LENGTH, "long write");
        assertMalformed(Arrays.copyOf(encode(new CompleteFileCopy()), 40), FileCopyMessageError.BAD_LENGTH,
                "long complete");
        assertMalformed(Arrays.copyOf(encode(new CancelFileCopy()), 37), FileCopyMessageError.BAD_LENGTH,
                "long cancel");
        assertClean();
    }

    @Test
    void unterminatedNamesShouldBeAnsweredEFail() throws IOException {
        for (int offset : new int[] {StartFileCopyDescriptor.FILE_NAME_OFFSET,
            StartFileCopyDescriptor.PATH_NAME_OFFSET}) {
            byte[] start = encode(new StartFileCopy("f", "d", FileCopyFlags.CREATE_PATH, 1));
            ByteBuffer b = le(start);
            for (int i = 0; i < StartFileCopyDescriptor.MAX_PATH_UNITS; i++) {
                b.putChar(offset + 2 * i, 'a');
            }
            assertMalformed(start, FileCopyMessageError.UNTERMINATED_NAME, "260 units without NUL at " + offset);
        }
        assertClean();
    }

    @Test
    void writesOutsideTheDeclaredSizeShouldBeAnsweredEFailAndDropTheCopy() throws IOException {
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 10)), "start 10");
        assertStatus(IcStatus.E_FAIL, encode(new WriteToFile(0, new byte[11])), "11 bytes into 10");
        assertStatus(IcStatus.E_FAIL, encode(new WriteToFile(0, new byte[1])), "the copy was dropped");
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 10)), "start 10 again");
        assertStatus(IcStatus.E_FAIL, encode(new WriteToFile(20, new byte[1])), "offset past the size");
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 10)), "start 10 again");
        assertStatus(IcStatus.E_FAIL, encode(new WriteToFile(Long.MAX_VALUE, new byte[1])), "offset 2^63-1");
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 10)), "start 10 again");
        byte[] negative = encode(new WriteToFile(0, new byte[1]));
        le(negative).putLong(WriteToFileDescriptor.OFFSET_OFFSET, -1);
        assertMalformed(negative, FileCopyMessageError.BAD_SIZE, "offset 2^64-1");
        assertFalse(Files.exists(root.resolve("f")));
        assertClean();
    }

    @Test
    void writeSizesAbove6144OrTheBytesReceivedShouldBeAnsweredEFail() throws IOException {
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 100_000)), "start");
        byte[] big = encode(new WriteToFile(0, new byte[WriteToFileDescriptor.MAX_DATA_LENGTH]));
        le(big).putInt(WriteToFileDescriptor.SIZE_OFFSET, WriteToFileDescriptor.MAX_DATA_LENGTH + 1);
        assertMalformed(big, FileCopyMessageError.BAD_DATA_SIZE, "size 6145");
        le(big).putInt(WriteToFileDescriptor.SIZE_OFFSET, -1);
        assertMalformed(big, FileCopyMessageError.BAD_DATA_SIZE, "size 2^32-1");
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 100_000)), "start again");
        byte[] shortBody = Arrays.copyOf(encode(new WriteToFile(0, new byte[50])),
                WriteToFileDescriptor.DATA_OFFSET + 50);
        le(shortBody).putInt(WriteToFileDescriptor.SIZE_OFFSET, 51);
        assertMalformed(shortBody, FileCopyMessageError.BAD_DATA_SIZE, "size 51 in 50 bytes received");
        assertFalse(Files.exists(root.resolve("f")));
        assertClean();
    }

    @Test
    void writeBeforeStartAndCompleteTwiceShouldBeAnsweredEFail() throws IOException {
        assertStatus(IcStatus.E_FAIL, encode(new WriteToFile(0, new byte[1])), "write before start");
        assertStatus(IcStatus.E_FAIL, encode(new CompleteFileCopy()), "complete before start");
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 3)), "start");
        assertStatus(IcStatus.S_OK, encode(new WriteToFile(0, new byte[] {7, 8, 9})), "write");
        assertStatus(IcStatus.S_OK, encode(new CompleteFileCopy()), "complete");
        assertStatus(IcStatus.E_FAIL, encode(new CompleteFileCopy()), "complete twice");
        assertStatus(IcStatus.E_FAIL, encode(new WriteToFile(3, new byte[1])), "write after complete");
        assertStatus(IcStatus.S_OK, encode(new CancelFileCopy()), "idle cancel (Linux hibernation fix)");
        assertEquals(List.of((byte) 7, (byte) 8, (byte) 9), List.of(box(Files.readAllBytes(root.resolve("f")))));
        assertClean();
    }

    private static Byte[] box(byte[] b) {
        Byte[] out = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }

    @Test
    void unknownOperationsFlagsAndPaddingShouldBeAnsweredEFail() throws IOException {
        byte[] op = encode(new CompleteFileCopy());
        le(op).putInt(FileCopyHeaderDescriptor.OPERATION_OFFSET, 4);
        assertMalformed(op, FileCopyMessageError.UNKNOWN_OPERATION, "operation 4");
        byte[] flags = encode(new StartFileCopy("f", "", 0, 1));
        le(flags).putInt(StartFileCopyDescriptor.COPY_FLAGS_OFFSET, 4);
        assertMalformed(flags, FileCopyMessageError.UNKNOWN_FLAGS, "flag 0x4");
        byte[] size = encode(new StartFileCopy("f", "", 0, 1));
        le(size).putLong(StartFileCopyDescriptor.FILE_SIZE_OFFSET, -1);
        assertMalformed(size, FileCopyMessageError.BAD_SIZE, "file_size 2^64-1");
        assertStatus(IcStatus.S_OK, encode(new StartFileCopy("f", "", 0, 1)), "start");
        byte[] pad = encode(new WriteToFile(0, new byte[1]));
        le(pad).putInt(WriteToFileDescriptor.PAD_OFFSET, 1);
        assertMalformed(pad, FileCopyMessageError.NONZERO_PADDING, "old unpadded layout");
        assertClean();
    }

    @Test
    void randomBodiesShouldAlwaysBeAnsweredAndStayInsideTheRoot() throws IOException {
        SplittableRandom random = new SplittableRandom(0xFC0B_BAD0L);
        int[] lengths = {0, 35, 36, 37, StartFileCopyDescriptor.ENCODED_LENGTH, WriteToFileDescriptor.DATA_OFFSET,
            WriteToFileDescriptor.ENCODED_LENGTH};
        int ok = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] body;
            if (random.nextInt(4) == 0) {
                body = encode(new StartFileCopy("r" + random.nextInt(4), random.nextBoolean() ? "" : "d/e",
                        random.nextInt(4), random.nextInt(20_000)));
            } else {
                body = new byte[random.nextBoolean() ? lengths[random.nextInt(lengths.length)]
                        : random.nextInt(WriteToFileDescriptor.ENCODED_LENGTH + 40)];
                if (random.nextBoolean()) {
                    random.nextBytes(body);
                }
                if (body.length >= 4) {
                    le(body).putInt(0, random.nextInt(5)); // mostly valid operations
                }
                if (body.length >= WriteToFileDescriptor.DATA_OFFSET && random.nextBoolean()) {
                    le(body).putInt(WriteToFileDescriptor.PAD_OFFSET, 0)
                            .putLong(WriteToFileDescriptor.OFFSET_OFFSET, random.nextInt(20_000))
                            .putInt(WriteToFileDescriptor.SIZE_OFFSET, random.nextInt(7000));
                }
            }
            IcHostResult.Response r = loop.send(body);
            assertTrue(STATUSES.contains(r.header().status()), () -> IcStatus.describe(r.header().status()));
            ok += r.ok() ? 1 : 0;
        }
        assertTrue(ok > 0, "some random requests are valid");
        loop.daemon.onChannelLost("end of test");
        assertClean();
    }
}
