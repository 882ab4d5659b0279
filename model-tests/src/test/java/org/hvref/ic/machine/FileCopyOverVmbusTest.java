package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyChannelLostException;
import org.hvref.ic.filecopy.FileCopyDaemon;
import org.hvref.ic.filecopy.FileCopyFlags;
import org.hvref.ic.filecopy.FileCopyGuestConfig;
import org.hvref.ic.filecopy.FileCopyHostService;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyResult;
import org.hvref.ic.filecopy.FileCopyStatus;
import org.hvref.ic.filecopy.HostCopyState;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.machine.IcServicePair;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.FileCopyTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * File copy over real fcopy channels of a {@link org.hvref.machine.ReferenceMachine}, deterministic (several seeds)
 * and concurrent, for every guest family: random files (0, 6143/6144/6145 bytes, a couple of MiB) arrive bit-exact,
 * refusals, a cancel mid-copy, and a rescind or guest close mid-copy, after which the guest root holds no partial or
 * temporary file and the host's future fails with {@link FileCopyChannelLostException} (the machine tells the host
 * service first, then the guest daemon). Every run's IcNegotiation, FileCopy and VmbusChannel traces go to TLC at
 * the end (three TLC runs); the runs must cover all 8 IcNegotiation and all 12 FileCopy actions.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class FileCopyOverVmbusTest {
    private static final Set<String> FILE_COPY_ACTIONS = Set.of("HostSendStart", "HostSendWrite", "HostSendComplete",
            "HostSendCancel", "HostReceiveReply", "HostVanish", "GuestStartOk", "GuestWrite", "GuestComplete",
            "GuestReject", "GuestCancel", "GuestAbandon");
    private static final int ALL = FileCopyFlags.OVERWRITE | FileCopyFlags.CREATE_PATH;

    private static SpecFiles files;
    private static final IcMachineRun.Traces TRACES = new IcMachineRun.Traces();
    private static final List<List<Map<String, Object>>> FC_TRACES = new ArrayList<>();
    private static int copies;

    @TempDir
    static Path tmp;
    private static int dirs;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** One fcopy pair with its guest root, host directory and FileCopy tracer (host and guest share it). */
    static final class Copier {
        final RecordingTracer fc = new RecordingTracer();
        final Path root;
        final Path hostDir;
        final FileCopyHostService host = new FileCopyHostService(fc);
        final PausableHostService gate = new PausableHostService(host);
        final FileCopyDaemon daemon;
        final IcServicePair pair;
        final IcMachineRun run;

        Copier(IcMachineRun run, IcVersionPolicy family) throws IOException {
            this.run = run;
            Path base = Files.createDirectory(tmp.resolve("d" + dirs++));
            root = Files.createDirectory(base.resolve("root"));
            hostDir = Files.createDirectory(base.resolve("host"));
            daemon = new FileCopyDaemon(FileCopyGuestConfig.of(root), fc);
            pair = run.negotiated(gate, family, daemon);
            assertEquals(IcVersion.V1_1, ((IcVersion[]) pair.negotiated().join())[1]);
        }

        Path hostFile(String name, byte[] data) throws IOException {
            return Files.write(hostDir.resolve(name), data);
        }

        CompletableFuture<FileCopyResult> start(Path file, String target, int flags, FileCopyProgressListener p) {
            try {
                return run.m.await(run.m.onHost("test: copy " + target, () -> {
                    try {
                        return host.copyTo(file, target, flags, p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            } finally {
                copies++;
            }
        }

        FileCopyResult copy(Path file, String target, int flags) {
            return run.m.await(start(file, target, flags, FileCopyProgressListener.NONE));
        }

        /** @return every regular file under the guest root, relative, '/'-separated */
        Set<String> guestFiles() throws IOException {
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        }

        void collect() {
            FC_TRACES.add(fc.events().stream().map(TraceEvent::toRecord).toList());
        }
    }

    private static byte[] random(Random rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        return b;
    }

    /** A few dozen random files (and the chunk edges) arrive bit-exact; the guest root holds exactly them. */
    private static int copyRandomFiles(Copier c, long seed, int count, boolean big) throws IOException {
        Random rnd = new Random(seed);
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 6143, 6144, 6145, 12288, 12289));
        if (big) {
            sizes.add(2 * 1024 * 1024 + 17);
            sizes.add(1024 * 1024);
        }
        while (sizes.size() < count) {
            sizes.add(rnd.nextInt(40_000));
        }
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < sizes.size(); i++) {
            byte[] data = random(rnd, sizes.get(i));
            String target = (i % 3 == 0 ? "" : "sub" + (i % 4) + "/") + "file" + i + ".bin";
            FileCopyResult r = c.copy(c.hostFile("src" + i, data), target, ALL);
            assertTrue(r.ok(), r::toString);
            assertEquals(data.length, r.bytesAcknowledged());
            assertArrayEquals(data, Files.readAllBytes(c.root.resolve(target)), target);
            expected.add(target);
        }
        assertEquals(expected, c.guestFiles(), "only the copied files, no temporary file left");
        return sizes.size();
    }

    @Test
    void shouldCopyRandomFilesBitExactForEveryFamilyUnderSeveralSeeds() throws IOException {
        for (long seed : new long[] {1, 2, 3}) {
            try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                for (IcVersionPolicy family : IcVersionPolicy.values()) {
                    Copier c = new Copier(run, family);
                    copyRandomFiles(c, seed * 31 + family.ordinal(), family == IcVersionPolicy.LINUX ? 30 : 10,
                            family == IcVersionPolicy.LINUX && seed == 1);
                    c.collect();
                }
            }
        }
    }

    @Test
    void shouldCopyRandomFilesBitExactConcurrently() throws IOException {
        try (IcMachineRun run = IcMachineRun.concurrent(TRACES)) {
            List<Copier> copiers = new ArrayList<>();
            for (IcVersionPolicy family : IcVersionPolicy.values()) {
                copiers.add(new Copier(run, family));
            }
            for (Copier c : copiers) {
                copyRandomFiles(c, 99 + copiers.indexOf(c), 12, c == copiers.get(0));
                c.collect();
            }
        }
    }

    @Test
    void shouldReportRefusalsOverTheChannel() throws IOException {
        try (IcMachineRun run = IcMachineRun.deterministic(5, TRACES)) {
            Copier c = new Copier(run, IcVersionPolicy.MAC_HYPERV_SUPPORT);
            Path src = c.hostFile("src", new byte[100]);
            assertTrue(c.copy(src, "a.bin", 0).ok());
            FileCopyResult exists = c.copy(src, "a.bin", 0);
            assertEquals(HostCopyState.FAILED, exists.outcome());
            assertEquals(FileCopyStatus.ALREADY_EXISTS, exists.status());
            assertEquals(IcStatus.E_FAIL, c.copy(src, "missing/a.bin", FileCopyFlags.OVERWRITE).status(),
                    "no CREATE_PATH");
            assertEquals(IcStatus.E_FAIL, c.copy(src, "../out.bin", ALL).status(), "outside the root");
            assertTrue(c.copy(src, "a.bin", FileCopyFlags.OVERWRITE).ok());
            assertEquals(Set.of("a.bin"), c.guestFiles());
            c.collect();
        }
    }

    /** Calls {@code action} once, from the host's progress callback, when at least {@code after} bytes arrived. */
    /**
     * Passes everything through to the file-copy host service until paused; then it sends nothing more, so a loss
     * triggered at that point always lands mid-copy (without it a fast channel could finish the copy first).
     */
    static final class PausableHostService implements IcHostService {
        private final IcHostService inner;
        private volatile boolean paused;

        PausableHostService(IcHostService inner) {
            this.inner = inner;
        }

        void pause() {
            paused = true;
        }

        @Override
        public IcService service() {
            return inner.service();
        }

        @Override
        public void bind(Runnable requestReady) {
            inner.bind(requestReady);
        }

        @Override
        public Optional<byte[]> nextRequest() {
            return paused ? Optional.empty() : inner.nextRequest();
        }

        @Override
        public void onNegotiated(IcVersion framework, IcVersion message) {
            inner.onNegotiated(framework, message);
        }

        @Override
        public void onResponse(IcHeader header, byte[] payload) {
            inner.onResponse(header, payload);
        }

        @Override
        public void onChannelLost(String why) {
            inner.onChannelLost(why);
        }
    }

    private static FileCopyProgressListener once(long after, Runnable action) {
        AtomicBoolean fired = new AtomicBoolean();
        return (acknowledged, total) -> {
            if (acknowledged >= after && fired.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    @Test
    void shouldCancelMidCopyAndLeaveNothing() throws IOException {
        for (boolean concurrent : new boolean[] {false, true}) {
            try (IcMachineRun run = concurrent ? IcMachineRun.concurrent(TRACES)
                    : IcMachineRun.deterministic(7, TRACES)) {
                for (IcVersionPolicy family : IcVersionPolicy.values()) {
                    Copier c = new Copier(run, family);
                    Path src = c.hostFile("src", random(new Random(family.ordinal()), 100_000));
                    FileCopyResult r = run.m.await(c.start(src, "big.bin", ALL, once(20_000, c.host::cancel)));
                    assertEquals(HostCopyState.CANCELLED, r.outcome(), r::toString);
                    assertTrue(r.bytesAcknowledged() >= 20_000 && r.bytesAcknowledged() < 100_000, r::toString);
                    run.m.settle();
                    assertEquals(Set.of(), c.guestFiles());
                    assertFalse(c.daemon.copyInProgress());
                    assertTrue(c.copy(src, "big.bin", ALL).ok(), "the channel keeps working");
                    c.collect();
                }
            }
        }
    }

    /** A rescind or guest close mid-copy: host told first, then the daemon; no file left; the future fails. */
    private static void loseMidCopy(IcMachineRun run, IcVersionPolicy family, boolean rescind) throws IOException {
        Copier c = new Copier(run, family);
        Path first = c.hostFile("first", random(new Random(3), 7000));
        assertTrue(c.copy(first, "kept.bin", ALL).ok());
        Path src = c.hostFile("src", random(new Random(4), 200_000));
        Consumer<IcServicePair> lose = p -> {
            if (rescind) {
                p.rescind();
            } else {
                p.close();
            }
        };
        CompletableFuture<FileCopyResult> f = c.start(src, "lost/big.bin", ALL, once(30_000, () -> {
            c.gate.pause();
            lose.accept(c.pair);
        }));
        CompletionException e = assertThrows(CompletionException.class,
                () -> run.m.await(f));
        FileCopyChannelLostException lost = assertInstanceOf(FileCopyChannelLostException.class, e.getCause());
        assertTrue(lost.bytesAcknowledged() >= 30_000 && lost.bytesAcknowledged() < 200_000, lost::toString);
        run.m.settle();
        assertTrue(c.pair.lost().isDone());
        assertFalse(c.daemon.copyInProgress(), "the daemon abandoned the copy");
        assertEquals(Set.of("kept.bin"), c.guestFiles(), "no partial or temporary file");
        List<String> events = c.fc.events().stream().map(TraceEvent::action).toList();
        int vanish = events.indexOf("HostVanish");
        assertTrue(vanish >= 0 && events.indexOf("GuestAbandon") > vanish, events::toString);
        assertEquals(events.size() - 1, events.indexOf("GuestAbandon"), "nothing of the copy after the abandon");
        c.collect();
    }

    @Test
    void shouldLeaveNothingWhenTheChannelIsRescindedOrClosedMidCopy() throws IOException {
        for (long seed : new long[] {11, 12, 13}) {
            for (boolean rescind : new boolean[] {true, false}) {
                try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                    for (IcVersionPolicy family : IcVersionPolicy.values()) {
                        loseMidCopy(run, family, rescind);
                    }
                }
            }
        }
        for (boolean rescind : new boolean[] {true, false}) {
            try (IcMachineRun run = IcMachineRun.concurrent(TRACES)) {
                for (IcVersionPolicy family : IcVersionPolicy.values()) {
                    loseMidCopy(run, family, rescind);
                }
            }
        }
    }

    @Test
    void shouldFailTheCopyWhenNoFcopyVersionIsCommon() throws IOException {
        try (IcMachineRun run = IcMachineRun.deterministic(17, TRACES)) {
            for (IcVersionPolicy family : IcVersionPolicy.values()) {
                FileCopyHostService host = new FileCopyHostService();
                IcServicePair p = run.add(host, List.of(IcVersion.V3_0), family,
                        new FileCopyDaemon(FileCopyGuestConfig.of(Files.createTempDirectory(tmp, "r")),
                                SpecTracer.OFF));
                run.m.settle();
                if (family == IcVersionPolicy.FREEBSD) {
                    assertTrue(run.m.await(p.negotiateTimeout()), "FreeBSD stays silent: the host times out");
                }
                assertTrue(p.lost().isDone());
                CompletableFuture<FileCopyResult> f = host.copy(Files.write(tmp.resolve("x" + dirs++), new byte[1]),
                        "x", "", 0, FileCopyProgressListener.NONE);
                assertInstanceOf(FileCopyChannelLostException.class, f.handle((v, e) -> e).join());
            }
        }
    }

    @Test
    void zzShouldHaveEveryRunsTracesAcceptedByTlcAndCoverEveryAction() throws IOException {
        if (FC_TRACES.isEmpty()) {
            shouldCopyRandomFilesBitExactForEveryFamilyUnderSeveralSeeds();
            shouldCopyRandomFilesBitExactConcurrently();
            shouldReportRefusalsOverTheChannel();
            shouldCancelMidCopyAndLeaveNothing();
            shouldLeaveNothingWhenTheChannelIsRescindedOrClosedMidCopy();
            shouldFailTheCopyWhenNoFcopyVersionIsCommon();
        }
        assertEquals(IcMachineRun.IC_ACTIONS, TRACES.icActionsSeen(), "all 8 IcNegotiation actions");
        Set<String> fcSeen = new TreeSet<>();
        FC_TRACES.forEach(t -> t.forEach(e -> fcSeen.add((String) e.get(TraceEvent.ACTION_KEY))));
        assertEquals(new TreeSet<>(FILE_COPY_ACTIONS), fcSeen, "all 12 FileCopy actions");
        TraceVerdict fc = new FileCopyTraceValidator(TlcRunner.usingClasspath(), files).validate(FC_TRACES,
                FC_TRACES.stream().map(t -> false).toList());
        TraceVerdict.Accepted fcOk = assertInstanceOf(TraceVerdict.Accepted.class, fc, fc::toString);
        assertEquals(FC_TRACES.size(), fcOk.traces());
        long fcEvents = FC_TRACES.stream().mapToLong(List::size).sum();
        System.out.println("FileCopyOverVmbusTest: " + copies + " copies; " + TRACES.validate(files) + "; "
                + FC_TRACES.size() + " FileCopy traces (" + fcOk + "), " + fcEvents + " events; coverage IC "
                + TRACES.icActionsSeen().size() + "/8, FileCopy " + fcSeen.size() + "/12");
    }
}
