package org.hvref.ic.filecopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest daemon: the happy path, then every refusal with its exact status and message, and no leftovers. */
class FileCopyGuestSessionTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    FileCopyGuestSession guest;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        guest = new FileCopyGuestSession(root);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.map(p -> tmp.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    private void assertOk(FileCopyReply reply) {
        assertEquals(FileCopyStatus.S_OK, reply.status(), reply::toString);
        assertTrue(reply.error().isEmpty());
    }

    private void assertRejected(FileCopyReply reply, int status, FileCopyRejection reason, String message) {
        assertEquals(FileCopyStatus.name(status), FileCopyStatus.name(reply.status()), reply::toString);
        FileCopyRejectedException e = assertInstanceOf(FileCopyRejectedException.class, reply.error().orElseThrow());
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
        assertFalse(guest.isOpen(), "a refusal leaves the session idle");
    }

    private void assertNoTempFiles() throws IOException {
        for (String p : tree()) {
            assertFalse(p.contains(".hvref-fcopy-"), "temporary file left: " + p);
        }
    }

    @Test
    void shouldCopyIntoRootAndRenameOnComplete() throws IOException {
        byte[] data = bytes(10000, 1);
        assertOk(guest.handle(new StartFileCopy("f.bin", "", 0, data.length)));
        assertFalse(Files.exists(root.resolve("f.bin")), "not visible before COMPLETE");
        assertOk(guest.handle(new WriteToFile(0, java.util.Arrays.copyOf(data, 6144))));
        assertOk(guest.handle(new WriteToFile(6144, java.util.Arrays.copyOfRange(data, 6144, 10000))));
        assertFalse(Files.exists(root.resolve("f.bin")));
        assertOk(guest.handle(new CompleteFileCopy()));
        assertArrayEquals(data, Files.readAllBytes(root.resolve("f.bin")));
        assertEquals(List.of("", "outside", "root", "root/f.bin"), tree());
        assertFalse(guest.isOpen());
    }

    @Test
    void shouldCopyEmptyFile() throws IOException {
        assertOk(guest.handle(new StartFileCopy("empty", "", 0, 0)));
        assertOk(guest.handle(new CompleteFileCopy()));
        assertEquals(0, Files.size(root.resolve("empty")));
    }

    @Test
    void shouldDecodeBodiesAndAnswerMalformedWithEFail() throws IOException {
        assertOk(guest.handleBody(ByteBuffer.wrap(FileCopyMessageCodec.encode(new StartFileCopy("f", "", 0, 1)))));
        FileCopyReply reply = guest.handleBody(ByteBuffer.wrap(FileCopyBodies.write(6196, 0, 0, 6145)));
        assertEquals(FileCopyStatus.E_FAIL, reply.status());
        MalformedFileCopyMessageException e = assertInstanceOf(MalformedFileCopyMessageException.class,
                reply.error().orElseThrow());
        assertEquals("fcopy write size: 6145 (expected: <= 6144)", e.getMessage());
        assertFalse(guest.isOpen(), "a malformed message abandons the copy");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldCreateParentsOnlyWithCreatePath() throws IOException {
        assertRejected(guest.handle(new StartFileCopy("f", "a/b", 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.PATH_NOT_FOUND,
                "fcopy path_name: a missing (expected: CREATE_PATH or an existing directory)");
        assertFalse(Files.exists(root.resolve("a")));
        assertOk(guest.handle(new StartFileCopy("f", "a//b/", FileCopyFlags.CREATE_PATH, 0)));
        assertOk(guest.handle(new CompleteFileCopy()));
        assertTrue(Files.isRegularFile(root.resolve("a/b/f")));
    }

    @Test
    void shouldRejectParentTraversal() throws IOException {
        assertRejected(guest.handle(new StartFileCopy("f", "a/../../outside", FileCopyFlags.CREATE_PATH, 0)),
                FileCopyStatus.E_FAIL, FileCopyRejection.PATH_TRAVERSAL,
                "fcopy path_name component: \"..\" (expected: no parent reference)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldRejectDotDotAsFileName() {
        assertRejected(guest.handle(new StartFileCopy("..", "", FileCopyFlags.OVERWRITE, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.PATH_TRAVERSAL, "fcopy file_name: \"..\" (expected: no parent reference)");
    }

    @Test
    void shouldRejectAbsolutePath() {
        assertRejected(guest.handle(new StartFileCopy("f", outside.toString(), 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.ABSOLUTE_PATH,
                "fcopy path_name: \"" + outside + "\" (expected: relative to the guest root)");
    }

    @Test
    void shouldRejectWindowsDrivePath() {
        assertRejected(guest.handle(new StartFileCopy("f", "C:\\Temp", 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.ABSOLUTE_PATH, "fcopy path_name: \"C:\\Temp\" (expected: relative to the guest root)");
    }

    @Test
    void shouldRejectSlashInFileName() {
        assertRejected(guest.handle(new StartFileCopy("a/b", "", 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.INVALID_NAME, "fcopy file_name: unit 0x002f at 1 (expected: no NUL, '/' or '\\\\')");
    }

    @Test
    void shouldRejectBackslashInPathComponent() {
        assertRejected(guest.handle(new StartFileCopy("f", "a\\..", FileCopyFlags.CREATE_PATH, 0)),
                FileCopyStatus.E_FAIL, FileCopyRejection.INVALID_NAME,
                "fcopy path_name component: unit 0x005c at 1 (expected: no NUL, '/' or '\\\\')");
    }

    @Test
    void shouldRejectNulInName() {
        assertRejected(guest.handle(new StartFileCopy("a\0b", "", 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.INVALID_NAME, "fcopy file_name: unit 0x0000 at 1 (expected: no NUL, '/' or '\\\\')");
    }

    @Test
    void shouldRejectEmptyFileName() {
        assertRejected(guest.handle(new StartFileCopy("", "d", 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.INVALID_NAME, "fcopy file_name: empty (expected: a name)");
    }

    @Test
    void shouldRejectDotComponent() {
        assertRejected(guest.handle(new StartFileCopy("f", "./x", FileCopyFlags.CREATE_PATH, 0)),
                FileCopyStatus.E_FAIL, FileCopyRejection.INVALID_NAME,
                "fcopy path_name component: \".\" (expected: a name)");
    }

    @Test
    void shouldRejectUnpairedSurrogateInDecodedRecord() {
        assertRejected(guest.handle(new StartFileCopy("x\uDC01", "", 0, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.INVALID_NAME,
                "fcopy file_name: unpaired surrogate 0xdc01 at 1 (expected: valid UTF-16)");
    }

    @Test
    void shouldRejectUnterminatedNameBodyWithEFail() {
        char[] full = new char[260];
        java.util.Arrays.fill(full, 'a');
        FileCopyReply reply = guest.handleBody(ByteBuffer.wrap(FileCopyBodies.start(full, FileCopyBodies.units(""),
                0, 0)));
        assertEquals(FileCopyStatus.E_FAIL, reply.status());
        assertEquals("fcopy start file_name: no NUL in 260 units (expected: NUL-terminated)",
                reply.error().orElseThrow().getMessage());
    }

    @Test
    void shouldRejectSymlinkedDirectoryInPath() throws IOException {
        Files.createDirectory(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/link"), outside);
        assertRejected(guest.handle(new StartFileCopy("f", "a/link", FileCopyFlags.CREATE_PATH, 0)),
                FileCopyStatus.E_FAIL, FileCopyRejection.SYMLINK_IN_PATH,
                "fcopy path_name: a/link is a symbolic link (expected: a directory)");
        assertEquals(List.of("", "outside", "root", "root/a", "root/a/link"), tree());
    }

    @Test
    void shouldRejectSymlinkAsTargetEvenWithOverwrite() throws IOException {
        Path victim = Files.writeString(outside.resolve("victim"), "keep");
        Files.createSymbolicLink(root.resolve("f"), victim);
        assertRejected(guest.handle(new StartFileCopy("f", "", FileCopyFlags.OVERWRITE, 1)), FileCopyStatus.E_FAIL,
                FileCopyRejection.SYMLINK_IN_PATH, "fcopy target: f is a symbolic link (expected: a regular file)");
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void shouldRejectFileAsPathComponent() throws IOException {
        Files.writeString(root.resolve("plain"), "x");
        assertRejected(guest.handle(new StartFileCopy("f", "plain", FileCopyFlags.CREATE_PATH, 0)),
                FileCopyStatus.E_FAIL, FileCopyRejection.NOT_A_DIRECTORY,
                "fcopy path_name: plain is not a directory (expected: a directory)");
    }

    @Test
    void shouldRejectDirectoryAsTarget() throws IOException {
        Files.createDirectory(root.resolve("d"));
        assertRejected(guest.handle(new StartFileCopy("d", "", FileCopyFlags.OVERWRITE, 0)), FileCopyStatus.E_FAIL,
                FileCopyRejection.NOT_A_DIRECTORY, "fcopy target: d is a directory (expected: a regular file)");
    }

    @Test
    void shouldNotOverwriteWithoutFlag() throws IOException {
        Files.writeString(root.resolve("f"), "old");
        assertRejected(guest.handle(new StartFileCopy("f", "", 0, 3)), FileCopyStatus.ALREADY_EXISTS,
                FileCopyRejection.ALREADY_EXISTS, "fcopy target: f exists (expected: absent or OVER_WRITE)");
        assertEquals("old", Files.readString(root.resolve("f")));
    }

    @Test
    void shouldOverwriteWithFlagOnlyOnComplete() throws IOException {
        Files.writeString(root.resolve("f"), "old");
        assertOk(guest.handle(new StartFileCopy("f", "", FileCopyFlags.OVERWRITE, 3)));
        assertOk(guest.handle(new WriteToFile(0, "new".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertEquals("old", Files.readString(root.resolve("f")), "old content stays until COMPLETE");
        assertOk(guest.handle(new CompleteFileCopy()));
        assertEquals("new", Files.readString(root.resolve("f")));
    }

    @Test
    void shouldRejectCompleteWhenTargetAppearedMeanwhile() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 1)));
        assertOk(guest.handle(new WriteToFile(0, new byte[] {9})));
        Files.writeString(root.resolve("f"), "other");
        assertRejected(guest.handle(new CompleteFileCopy()), FileCopyStatus.ALREADY_EXISTS,
                FileCopyRejection.ALREADY_EXISTS, "fcopy target: f exists (expected: absent or OVER_WRITE)");
        assertEquals("other", Files.readString(root.resolve("f")));
        assertNoTempFiles();
    }

    @Test
    void shouldRejectDeclaredSizeAboveLimitWithDiskFull() throws IOException {
        guest = new FileCopyGuestSession(new FileCopyGuestConfig(root, 100), SpecTracer.OFF);
        assertRejected(guest.handle(new StartFileCopy("f", "", 0, 101)), FileCopyStatus.DISK_FULL,
                FileCopyRejection.TOO_LARGE, "fcopy start file_size: 101 (expected: <= 100)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldRejectWriteWithoutSession() {
        assertRejected(guest.handle(new WriteToFile(0, new byte[1])), FileCopyStatus.E_FAIL,
                FileCopyRejection.NO_SESSION, "fcopy write: no copy in progress (expected: after a successful start)");
    }

    @Test
    void shouldRejectCompleteWithoutSession() {
        assertRejected(guest.handle(new CompleteFileCopy()), FileCopyStatus.E_FAIL, FileCopyRejection.NO_SESSION,
                "fcopy complete: no copy in progress (expected: after a successful start)");
    }

    @Test
    void shouldRejectWriteAfterComplete() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 1)));
        assertOk(guest.handle(new WriteToFile(0, new byte[] {1})));
        assertOk(guest.handle(new CompleteFileCopy()));
        assertRejected(guest.handle(new WriteToFile(0, new byte[] {2})), FileCopyStatus.E_FAIL,
                FileCopyRejection.NO_SESSION, "fcopy write: no copy in progress (expected: after a successful start)");
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(root.resolve("f")));
    }

    @Test
    void shouldRejectWriteAfterCancel() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 2)));
        assertOk(guest.handle(new WriteToFile(0, new byte[] {1})));
        assertOk(guest.handle(new CancelFileCopy()));
        assertRejected(guest.handle(new WriteToFile(1, new byte[] {2})), FileCopyStatus.E_FAIL,
                FileCopyRejection.NO_SESSION, "fcopy write: no copy in progress (expected: after a successful start)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldRejectStartDuringCopyAndDropTheCopy() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 2)));
        assertRejected(guest.handle(new StartFileCopy("g", "", 0, 2)), FileCopyStatus.E_FAIL,
                FileCopyRejection.SESSION_ACTIVE, "fcopy start: copy in progress (expected: idle)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldRejectGapWriteAndLeaveNothing() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "d", FileCopyFlags.CREATE_PATH, 10)));
        assertOk(guest.handle(new WriteToFile(0, new byte[4])));
        assertRejected(guest.handle(new WriteToFile(5, new byte[1])), FileCopyStatus.E_FAIL,
                FileCopyRejection.OUT_OF_ORDER_WRITE, "fcopy write offset: 5 (expected: 4)");
        assertEquals(List.of("", "outside", "root"), tree(), "temp file and the created directory are gone");
    }

    @Test
    void shouldRejectOverlappingWrite() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 10)));
        assertOk(guest.handle(new WriteToFile(0, new byte[4])));
        assertRejected(guest.handle(new WriteToFile(3, new byte[1])), FileCopyStatus.E_FAIL,
                FileCopyRejection.OUT_OF_ORDER_WRITE, "fcopy write offset: 3 (expected: 4)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldRejectWritePastDeclaredSize() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 5)));
        assertOk(guest.handle(new WriteToFile(0, new byte[4])));
        assertRejected(guest.handle(new WriteToFile(4, new byte[2])), FileCopyStatus.E_FAIL,
                FileCopyRejection.WRITE_PAST_SIZE, "fcopy write end: 6 (expected: <= 5)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldRejectIncompleteComplete() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "", 0, 5)));
        assertOk(guest.handle(new WriteToFile(0, new byte[4])));
        assertRejected(guest.handle(new CompleteFileCopy()), FileCopyStatus.E_FAIL, FileCopyRejection.INCOMPLETE,
                "fcopy complete: 4 bytes written (expected: 5)");
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldKeepWritingIntoTheCheckedDirectoryWhenItIsSwappedForSymlink() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "d", FileCopyFlags.CREATE_PATH, 1)));
        Path d = root.resolve("d");
        Path moved = Files.move(d, tmp.resolve("moved"));
        Files.createSymbolicLink(d, outside);
        assertOk(guest.handle(new WriteToFile(0, new byte[] {7})));
        assertOk(guest.handle(new CompleteFileCopy()));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing reached the link's target");
        }
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(moved.resolve("f")), "the handle opened at START won");
    }

    @Test
    void shouldCleanUpInsideTheCheckedDirectoryWhenItIsSwappedForSymlink() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "d", FileCopyFlags.CREATE_PATH, 2)));
        Path moved = Files.move(root.resolve("d"), tmp.resolve("moved"));
        Files.createSymbolicLink(root.resolve("d"), outside);
        assertOk(guest.handle(new CancelFileCopy()));
        assertEquals(List.of("", "moved", "outside", "root", "root/d"), tree(),
                "temporary file removed through the handle; the link (not ours) is not deleted");
        assertTrue(Files.isSymbolicLink(root.resolve("d")));
    }

    @Test
    void shouldDeletePartialFileOnCancel() throws IOException {
        assertOk(guest.handle(new StartFileCopy("f", "x/y", FileCopyFlags.CREATE_PATH, 10)));
        assertOk(guest.handle(new WriteToFile(0, new byte[4])));
        assertOk(guest.handle(new CancelFileCopy()));
        assertEquals(List.of("", "outside", "root"), tree());
    }

    @Test
    void shouldAnswerIdleCancelWithOk() {
        assertOk(guest.handle(new CancelFileCopy()));
    }

    @Test
    void shouldLeaveNothingWhenHostDisappears() throws IOException {
        Files.createDirectory(root.resolve("keep"));
        assertOk(guest.handle(new StartFileCopy("f", "keep/new", FileCopyFlags.CREATE_PATH, 10)));
        assertOk(guest.handle(new WriteToFile(0, new byte[4])));
        guest.abandon();
        assertFalse(guest.isOpen());
        assertEquals(List.of("", "outside", "root", "root/keep"), tree(), "pre-existing directory kept");
    }

    @Test
    void shouldRecordSpecEvents() {
        RecordingTracer tracer = new RecordingTracer();
        guest = new FileCopyGuestSession(FileCopyGuestConfig.of(root), tracer);
        guest.handle(new StartFileCopy("f", "", 0, 1));
        guest.handle(new WriteToFile(0, new byte[1]));
        guest.handle(new CompleteFileCopy());
        guest.handle(new CompleteFileCopy());
        guest.handle(new CancelFileCopy());
        guest.abandon();
        assertEquals(List.of("GuestStartOk", "GuestWrite", "GuestComplete", "GuestReject", "GuestCancel",
                "GuestAbandon"), tracer.events().stream().map(e -> e.action()).collect(Collectors.toList()));
    }
}
