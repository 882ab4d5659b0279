package org.hvref.ic.filecopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host side alone: message sequence, progress, guest refusals, cancel, host loss and a shrinking host file. */
class FileCopyHostSessionTest {
    @TempDir
    Path tmp;
    Path hostFile;

    @BeforeEach
    void setUp() throws IOException {
        hostFile = Files.write(tmp.resolve("src"), new byte[6144 * 2 + 5]);
    }

    private FileCopyHostSession session(List<Long> progress) throws IOException {
        return new FileCopyHostSession(hostFile, "f", "d", FileCopyFlags.OVERWRITE, (a, t) -> progress.add(a),
                SpecTracer.OFF);
    }

    @Test
    void shouldStreamStartWritesComplete() throws IOException {
        List<Long> progress = new ArrayList<>();
        try (FileCopyHostSession host = session(progress)) {
            assertEquals(new StartFileCopy("f", "d", FileCopyFlags.OVERWRITE, 12293), host.nextMessage().orElseThrow());
            assertTrue(host.nextMessage().isEmpty(), "one request outstanding");
            host.onReply(FileCopyStatus.S_OK);
            long[] offsets = {0, 6144, 12288};
            int[] sizes = {6144, 6144, 5};
            for (int i = 0; i < 3; i++) {
                WriteToFile w = assertInstanceOf(WriteToFile.class, host.nextMessage().orElseThrow());
                assertEquals(offsets[i], w.offset());
                assertEquals(sizes[i], w.size());
                host.onReply(FileCopyStatus.S_OK);
            }
            assertEquals(new CompleteFileCopy(), host.nextMessage().orElseThrow());
            host.onReply(FileCopyStatus.S_OK);
            assertEquals(HostCopyState.COMPLETED, host.state());
            assertTrue(host.nextMessage().isEmpty());
            assertEquals(List.of(6144L, 12288L, 12293L), progress);
            assertEquals(12293, host.acknowledgedBytes());
        }
    }

    @Test
    void shouldFailWithoutCancelWhenStartIsRefused() throws IOException {
        try (FileCopyHostSession host = session(new ArrayList<>())) {
            host.nextMessage();
            host.onReply(FileCopyStatus.ALREADY_EXISTS);
            assertEquals(HostCopyState.FAILED, host.state());
            assertEquals(OptionalInt.of(FileCopyStatus.ALREADY_EXISTS), host.failureStatus());
            assertTrue(host.nextMessage().isEmpty());
        }
    }

    @Test
    void shouldSendCancelAfterRefusedWriteAndReportGuestStatus() throws IOException {
        try (FileCopyHostSession host = session(new ArrayList<>())) {
            host.nextMessage();
            host.onReply(FileCopyStatus.S_OK);
            host.nextMessage();
            host.onReply(FileCopyStatus.DISK_FULL);
            assertEquals(new CancelFileCopy(), host.nextMessage().orElseThrow());
            host.onReply(FileCopyStatus.S_OK);
            assertEquals(HostCopyState.FAILED, host.state());
            assertEquals(OptionalInt.of(FileCopyStatus.DISK_FULL), host.failureStatus());
        }
    }

    @Test
    void shouldCancelAfterTheReplyInFlight() throws IOException {
        try (FileCopyHostSession host = session(new ArrayList<>())) {
            host.nextMessage();
            host.onReply(FileCopyStatus.S_OK);
            host.nextMessage();
            host.cancel();
            assertTrue(host.nextMessage().isEmpty(), "still awaiting the write reply");
            host.onReply(FileCopyStatus.S_OK);
            assertEquals(new CancelFileCopy(), host.nextMessage().orElseThrow());
            host.onReply(FileCopyStatus.S_OK);
            assertEquals(HostCopyState.CANCELLED, host.state());
            assertEquals(OptionalInt.empty(), host.failureStatus());
        }
    }

    @Test
    void shouldSendNothingWhenCancelledBeforeStart() throws IOException {
        try (FileCopyHostSession host = session(new ArrayList<>())) {
            host.cancel();
            assertEquals(HostCopyState.CANCELLED, host.state());
            assertTrue(host.nextMessage().isEmpty());
        }
    }

    @Test
    void shouldStopSendingAfterDisconnect() throws IOException {
        try (FileCopyHostSession host = session(new ArrayList<>())) {
            host.nextMessage();
            host.disconnect();
            assertEquals(HostCopyState.DISCONNECTED, host.state());
            assertTrue(host.nextMessage().isEmpty());
            assertThrows(IllegalStateException.class, () -> host.onReply(FileCopyStatus.S_OK));
        }
    }

    @Test
    void shouldCancelWhenHostFileShrinks() throws IOException {
        try (FileCopyHostSession host = session(new ArrayList<>())) {
            host.nextMessage();
            host.onReply(FileCopyStatus.S_OK);
            Files.write(hostFile, new byte[10]);
            assertEquals(new CancelFileCopy(), host.nextMessage().orElseThrow());
            host.onReply(FileCopyStatus.S_OK);
            assertEquals(HostCopyState.FAILED, host.state());
            assertEquals(OptionalInt.of(FileCopyStatus.E_FAIL), host.failureStatus());
            assertEquals("host file: ends at 10 (expected: 12293 bytes)",
                    host.localFailure().orElseThrow().getMessage());
        }
    }

    @Test
    void shouldReportGuestRefusalEndToEndAndLeaveNoFile() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        FileCopyGuestSession guest = new FileCopyGuestSession(new FileCopyGuestConfig(root, 12292), SpecTracer.OFF);
        try (FileCopyHostSession host = new FileCopyHostSession(hostFile, "f", "", 0, FileCopyProgressListener.NONE,
                SpecTracer.OFF)) {
            assertEquals(1, FileCopyLoop.run(host, guest));
            assertEquals(OptionalInt.of(FileCopyStatus.DISK_FULL), host.failureStatus());
        }
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(), s.collect(Collectors.toList()));
        }
    }

    @Test
    void shouldRejectNamesTheWireCannotCarry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FileCopyHostSession(
                hostFile, "n".repeat(260), "", 0, FileCopyProgressListener.NONE, SpecTracer.OFF));
        assertEquals("guest name: 260 units (expected: <= 259)", e.getMessage());
    }
}
