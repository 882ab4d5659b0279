package org.hvref.ic.filecopy;

import static org.hvref.ic.filecopy.FileCopyIcTestSupport.assertNoTemp;
import static org.hvref.ic.filecopy.FileCopyIcTestSupport.sha256;
import static org.hvref.ic.filecopy.FileCopyIcTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File copy through a real IC pair ({@link FileCopyHostService} on {@link org.hvref.ic.IcHostNegotiator},
 * {@link FileCopyDaemon} on {@link org.hvref.ic.IcServiceClient}; devices-ic-input-video.md §1.4, §5.2, §5.3, §5.4):
 * 10^3 random files bit-exact over the three guest families, the flags, every refusal with its status, cancel and host
 * loss mid-copy leaving nothing, and fcopy 1.1 as the only usable version.
 */
class FileCopyIcTest {
    private static final int[] EDGES = {0, 1, 6143, 6144, 6145, 12288, 12289};
    private static final int CHUNK = WriteToFileDescriptor.MAX_DATA_LENGTH;
    private static final String NAME_UNITS = "abcXYZ019-_ .~éßøЖ日本\uD83D\uDE00";

    @TempDir
    Path tmp;
    Path sandbox;
    Path root;
    Path outside;
    Path hostDir;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Files.createDirectory(tmp.resolve("sandbox"));
        root = Files.createDirectory(sandbox.resolve("root"));
        outside = Files.createDirectory(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "keep");
        hostDir = Files.createDirectory(tmp.resolve("host"));
    }

    private FileCopyIcLoop negotiated(IcVersionPolicy policy) {
        FileCopyIcLoop loop = new FileCopyIcLoop(root, policy, SpecTracer.OFF, SpecTracer.OFF);
        IcHostResult.Negotiated n = assertInstanceOf(IcHostResult.Negotiated.class, loop.negotiate());
        assertEquals(IcVersion.V1_1, n.message());
        assertEquals(IcVersion.V3_0, n.framework());
        return loop;
    }

    private Path hostFile(String name, byte[] data) throws IOException {
        return Files.write(hostDir.resolve(name), data);
    }

    private static FileCopyResult run(FileCopyIcLoop loop, Path file, String name, String path, int flags)
            throws IOException {
        CompletableFuture<FileCopyResult> f = loop.service.copy(file, name, path, flags,
                FileCopyProgressListener.NONE);
        loop.pumpAll();
        assertTrue(f.isDone(), "the copy ended with the requests");
        assertFalse(loop.service.busy());
        return f.join();
    }

    private String randomName(SplittableRandom random, int index) {
        StringBuilder sb = new StringBuilder("n").append(index).append('_');
        int len = random.nextInt(12);
        for (int i = 0; i < len; i++) {
            int k = random.nextInt(NAME_UNITS.length());
            char c = NAME_UNITS.charAt(k);
            if (Character.isSurrogate(c)) {
                sb.append("\uD83D\uDE00"); // always the whole pair
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void shouldCopyAThousandRandomFilesBitExactOverTheIcChannels() throws IOException {
        SplittableRandom random = new SplittableRandom(0xFC0B_1C01L);
        List<FileCopyIcLoop> loops = new ArrayList<>();
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            loops.add(negotiated(p));
        }
        long bytes = 0;
        int large = 0;
        for (int i = 0; i < 1000; i++) {
            int size;
            if (i < EDGES.length) {
                size = EDGES[i];
            } else if (i % 250 == 7) {
                size = random.nextInt(1 << 20, 6 << 20);
                large++;
            } else {
                size = random.nextInt(3 * CHUNK + 2);
            }
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path src = hostFile("h" + i, data);
            StringBuilder dir = new StringBuilder();
            for (int d = random.nextInt(4); d > 0; d--) {
                dir.append(randomName(random, random.nextInt(5))).append(random.nextInt(4) == 0 ? "//" : "/");
            }
            String name = randomName(random, i);
            FileCopyIcLoop loop = loops.get(i % loops.size());
            int before = loop.requests;
            long[] progress = {-1};
            CompletableFuture<FileCopyResult> f = loop.service.copy(src, name, dir.toString(),
                    FileCopyFlags.CREATE_PATH, (ack, total) -> progress[0] = ack);
            loop.pumpAll();
            FileCopyResult r = f.join();
            assertTrue(r.ok(), () -> "file " + name + ": " + r);
            assertEquals(new FileCopyResult(HostCopyState.COMPLETED, size, size, IcStatus.S_OK, Optional.empty(),
                    Optional.empty()), r);
            assertEquals(2 + (size + CHUNK - 1) / CHUNK, loop.requests - before, "start + writes + complete");
            assertEquals(size == 0 ? -1 : size, progress[0]);
            Path target = root.resolve(dir.toString()).resolve(name);
            assertEquals(sha256(src), sha256(target), "file " + i);
            bytes += size;
        }
        assertEquals(4, large);
        for (FileCopyIcLoop loop : loops) {
            assertTrue(loop.maxWriteData <= CHUNK);
            assertFalse(loop.daemon.copyInProgress());
        }
        assertNoTemp(root);
        assertEquals(List.of("", "outside", "outside/secret", "root"),
                tree(sandbox).stream().filter(p -> !p.startsWith("root/")).toList(), "nothing outside the root");
        System.out.println("copied 1000 files over IC, " + bytes + " bytes, " + large + " of 1-6 MiB");
    }

    @Test
    void shouldRefuseAnExistingTargetWithoutOverwriteAndReplaceItWithOverwrite() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        Files.writeString(root.resolve("t.txt"), "old");
        Path src = hostFile("src", "new content".getBytes(StandardCharsets.UTF_8));
        FileCopyResult refused = run(loop, src, "t.txt", "", 0);
        assertEquals(new FileCopyResult(HostCopyState.FAILED, 0, 11, FileCopyStatus.ALREADY_EXISTS,
                Optional.of(FileCopyOperation.START_FILE_COPY), Optional.empty()), refused);
        assertEquals(0x80070050, refused.status());
        assertEquals("old", Files.readString(root.resolve("t.txt")));
        assertTrue(run(loop, src, "t.txt", "", FileCopyFlags.OVERWRITE).ok());
        assertEquals("new content", Files.readString(root.resolve("t.txt")));
        assertNoTemp(root);
    }

    @Test
    void shouldCreateAMissingPathOnlyWithCreatePath() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.MAC_HYPERV_SUPPORT);
        Path src = hostFile("src", new byte[7000]);
        FileCopyResult refused = run(loop, src, "f", "new/dir", FileCopyFlags.OVERWRITE);
        assertEquals(FileCopyStatus.E_FAIL, refused.status());
        assertEquals(Optional.of(FileCopyOperation.START_FILE_COPY), refused.failedOperation());
        assertFalse(Files.exists(root.resolve("new")));
        assertTrue(run(loop, src, "f", "new/dir", FileCopyFlags.CREATE_PATH).ok());
        assertEquals(7000, Files.size(root.resolve("new/dir/f")));
    }

    /** One refusal case: a name and a path the guest must refuse at START with the status. */
    private record Refusal(String what, String name, String path, int flags, int status) {
    }

    @Test
    void everyRefusalShouldReturnItsStatusAndLeaveNothing() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("tlink"), outside.resolve("secret"));
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("exists"), "old");
        Files.writeString(root.resolve("plain"), "a file");
        int cp = FileCopyFlags.CREATE_PATH;
        int all = FileCopyFlags.ALL;
        List<Refusal> cases = List.of(
                new Refusal("dot-dot path", "f", "..", cp, FileCopyStatus.E_FAIL),
                new Refusal("dot-dot inside path", "f", "dir/../../outside", all, FileCopyStatus.E_FAIL),
                new Refusal("dot-dot name", "..", "dir", all, FileCopyStatus.E_FAIL),
                new Refusal("dot name", ".", "", all, FileCopyStatus.E_FAIL),
                new Refusal("absolute path", "f", "/tmp", all, FileCopyStatus.E_FAIL),
                new Refusal("backslash-absolute path", "f", "\\tmp", all, FileCopyStatus.E_FAIL),
                new Refusal("drive path", "f", "C:/x", all, FileCopyStatus.E_FAIL),
                new Refusal("symlink directory", "f", "link", all, FileCopyStatus.E_FAIL),
                new Refusal("symlink inside path", "f", "link/sub", all, FileCopyStatus.E_FAIL),
                new Refusal("symlink target", "tlink", "", all, FileCopyStatus.E_FAIL),
                new Refusal("file as directory", "f", "plain", all, FileCopyStatus.E_FAIL),
                new Refusal("directory as target", "dir", "", all, FileCopyStatus.E_FAIL),
                new Refusal("NUL first in name", "\0evil", "", all, FileCopyStatus.E_FAIL),
                new Refusal("slash in name", "a/b", "", all, FileCopyStatus.E_FAIL),
                new Refusal("unpaired high surrogate in name", "a\uD800b", "", all, FileCopyStatus.E_FAIL),
                new Refusal("unpaired low surrogate in path", "f", "d\uDC00", all, FileCopyStatus.E_FAIL),
                new Refusal("exists without overwrite", "exists", "", cp, FileCopyStatus.ALREADY_EXISTS),
                new Refusal("missing directory without create-path", "f", "missing/x", FileCopyFlags.OVERWRITE,
                        FileCopyStatus.E_FAIL));
        List<String> before = tree(sandbox);
        Path src = hostFile("src", new byte[100]);
        for (Refusal c : cases) {
            FileCopyResult r = run(loop, src, c.name(), c.path(), c.flags());
            assertEquals(new FileCopyResult(HostCopyState.FAILED, 0, 100, c.status(),
                    Optional.of(FileCopyOperation.START_FILE_COPY), Optional.empty()), r, c.what());
            assertEquals(c.status(), loop.daemon.lastReply().orElseThrow().status(), c.what());
            assertEquals(before, tree(sandbox), c.what() + ": nothing created anywhere");
        }
        assertEquals("keep", Files.readString(outside.resolve("secret")));
        assertEquals("old", Files.readString(root.resolve("exists")));
    }

    @Test
    void aNameShouldEndAtItsFirstNul() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.FREEBSD);
        Path src = hostFile("src", new byte[] {1, 2, 3});
        assertTrue(run(loop, src, "a\0/../../escape", "d\0/../..", FileCopyFlags.CREATE_PATH).ok());
        assertEquals(List.of("", "outside", "outside/secret", "root", "root/d", "root/d/a"), tree(sandbox));
    }

    @Test
    void cancelMidCopyShouldLeaveNothing() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        List<String> before = tree(sandbox);
        Path src = hostFile("src", new byte[100_000]);
        CompletableFuture<FileCopyResult> f = loop.service.copy(src, "f", "made/here", FileCopyFlags.CREATE_PATH,
                FileCopyProgressListener.NONE);
        assertEquals(4, loop.pump(4)); // START and three WRITEs
        assertTrue(loop.daemon.copyInProgress());
        loop.service.cancel();
        assertEquals(1, loop.pumpAll(), "just the CANCEL");
        assertEquals(new FileCopyResult(HostCopyState.CANCELLED, 3L * CHUNK, 100_000, IcStatus.S_OK,
                Optional.empty(), Optional.empty()), f.join());
        assertFalse(loop.daemon.copyInProgress());
        assertEquals(before, tree(sandbox), "no file, no temporary file, no created directory");
        assertTrue(run(loop, src, "f", "", 0).ok(), "the channel still works");
    }

    @Test
    void cancelBeforeTheStartShouldSendNothing() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        CompletableFuture<FileCopyResult> f = loop.service.copy(hostFile("src", new byte[10]), "f", "", 0,
                FileCopyProgressListener.NONE);
        loop.service.cancel();
        assertEquals(0, loop.pumpAll());
        assertEquals(HostCopyState.CANCELLED, f.join().outcome());
        assertFalse(Files.exists(root.resolve("f")));
    }

    @Test
    void aSecondCopyWhileBusyShouldBeRefused() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        Path src = hostFile("src", new byte[10]);
        loop.service.copy(src, "f", "", 0, FileCopyProgressListener.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.service.copy(src, "g", "", 0, FileCopyProgressListener.NONE));
        assertEquals("file copy: one in progress (expected: idle)", e.getMessage());
    }

    private static FileCopyChannelLostException lost(CompletableFuture<FileCopyResult> f) {
        assertTrue(f.isCompletedExceptionally());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(FileCopyChannelLostException.class, e.getCause());
    }

    @Test
    void hostLossMidCopyShouldLeaveNothing() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.MAC_HYPERV_SUPPORT);
        List<String> before = tree(sandbox);
        Path src = hostFile("src", new byte[50_000]);
        CompletableFuture<FileCopyResult> f = loop.service.copy(src, "f", "new", FileCopyFlags.CREATE_PATH,
                FileCopyProgressListener.NONE);
        loop.pump(3);
        loop.loseChannelWithRequestInFlight();
        FileCopyChannelLostException e = lost(f);
        assertEquals(2L * CHUNK, e.bytesAcknowledged());
        assertEquals("fcopy channel: closed by test (expected: open)", e.getMessage());
        assertFalse(loop.daemon.copyInProgress());
        assertEquals(before, tree(sandbox));
        CompletableFuture<FileCopyResult> after = loop.service.copy(src, "g", "", 0, FileCopyProgressListener.NONE);
        assertEquals(0, loop.pumpAll());
        lost(after);
    }

    @Test
    void hostLossAfterTheGuestWroteButBeforeItsAnswerArrivedShouldLeaveNothing() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        List<String> before = tree(sandbox);
        Path src = hostFile("src", new byte[50_000]);
        CompletableFuture<FileCopyResult> f = loop.service.copy(src, "f", "", 0, FileCopyProgressListener.NONE);
        loop.pump(2);
        byte[] packet = loop.host.request(loop.service.nextRequest().orElseThrow());
        loop.client.onPacket(packet, packet.length); // written by the guest; the answer is lost
        loop.loseChannel();
        assertEquals(CHUNK, lost(f).bytesAcknowledged());
        assertEquals(before, tree(sandbox));
    }

    @Test
    void aHostFileThatShrinksShouldFailTheWriteAndLeaveNothing() throws IOException {
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        Path src = hostFile("src", new byte[20_000]);
        CompletableFuture<FileCopyResult> f = loop.service.copy(src, "f", "", 0, FileCopyProgressListener.NONE);
        loop.pump(2);
        Files.write(src, new byte[10]);
        loop.pumpAll();
        FileCopyResult r = f.join();
        assertEquals(HostCopyState.FAILED, r.outcome());
        assertEquals(IcStatus.E_FAIL, r.status());
        assertEquals(Optional.of(FileCopyOperation.WRITE_TO_FILE), r.failedOperation());
        assertTrue(r.localFailure().isPresent());
        assertFalse(Files.exists(root.resolve("f")));
        assertNoTemp(root);
    }

    @Test
    void aGuestThatAgreesOnFcopyOneZeroShouldMakeCopiesFail() throws IOException {
        // a FreeBSD-style guest takes the highest offered version <= 1.1, so a 1.0-only host gets 1.0 (ic §1.4)
        FileCopyIcLoop loop = new FileCopyIcLoop(root, IcVersionPolicy.FREEBSD, IcService.HOST_FRAMEWORK_VERSIONS,
                List.of(IcVersion.V1_0), SpecTracer.OFF, SpecTracer.OFF);
        assertEquals(new IcHostResult.Negotiated(IcVersion.V3_0, IcVersion.V1_0), loop.negotiate());
        CompletableFuture<FileCopyResult> f = loop.service.copy(hostFile("src", new byte[5]), "f", "", 0,
                FileCopyProgressListener.NONE);
        assertEquals(0, loop.pumpAll());
        assertEquals("fcopy channel: fcopy message version: 1.0 (expected: 1.1) (expected: open)",
                lost(f).getMessage());
        // and the daemon refuses a request whose header says 1.0
        byte[] start = FileCopyMessageCodec.encode(new FileCopyMessage.StartFileCopy("f", "", 0, 0));
        assertEquals(IcStatus.E_FAIL, loop.daemon.answer(FileCopyIcLoop.header(IcVersion.V1_0, start.length),
                ByteBuffer.wrap(start)));
        assertEquals(FileCopyMessageError.BAD_VERSION, loop.daemon.lastReply().orElseThrow().error().orElseThrow()
                .reason());
        assertFalse(Files.exists(root.resolve("f")));
    }

    @Test
    void aLinuxGuestShouldRefuseAOneZeroOnlyHost() throws IOException {
        FileCopyIcLoop loop = new FileCopyIcLoop(root, IcVersionPolicy.LINUX, IcService.HOST_FRAMEWORK_VERSIONS,
                List.of(IcVersion.V1_0), SpecTracer.OFF, SpecTracer.OFF);
        assertInstanceOf(IcHostResult.NegotiationFailed.class, loop.negotiate());
        lost(loop.service.copy(hostFile("src", new byte[5]), "f", "", 0, FileCopyProgressListener.NONE));
    }

    @Test
    void copyToShouldSplitACommandLineTarget() throws IOException {
        Path src = hostFile("report.bin", new byte[] {4, 2});
        assertEquals(new FileCopyTarget("docs/sub", "r.bin"), FileCopyTarget.parse(src, "docs/sub/r.bin"));
        assertEquals(new FileCopyTarget("docs", "report.bin"), FileCopyTarget.parse(src, "docs/"));
        assertEquals(new FileCopyTarget("", "report.bin"), FileCopyTarget.parse(src, ""));
        assertEquals(new FileCopyTarget("", "x"), FileCopyTarget.parse(src, "x"));
        FileCopyIcLoop loop = negotiated(IcVersionPolicy.LINUX);
        CompletableFuture<FileCopyResult> f = loop.service.copyTo(src, "docs/", FileCopyFlags.CREATE_PATH,
                FileCopyProgressListener.NONE);
        loop.pumpAll();
        assertTrue(f.join().ok());
        assertEquals(sha256(src), sha256(root.resolve("docs/report.bin")));
    }
}
