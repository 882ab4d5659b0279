package org.hvref.ic.filecopy.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcClientStep;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyChannelLostException;
import org.hvref.ic.filecopy.FileCopyDaemon;
import org.hvref.ic.filecopy.FileCopyFlags;
import org.hvref.ic.filecopy.FileCopyGuestConfig;
import org.hvref.ic.filecopy.FileCopyGuestSession;
import org.hvref.ic.filecopy.FileCopyHostService;
import org.hvref.ic.filecopy.FileCopyMessage;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.ic.filecopy.FileCopyMessageCodec;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyResult;
import org.hvref.ic.filecopy.FileCopyStatus;
import org.hvref.ic.filecopy.HostCopyState;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.FileCopyTraceValidator;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File copy over a real IC pair ({@link FileCopyHostService} on {@link IcHostNegotiator}, {@link FileCopyDaemon} on
 * {@link IcServiceClient}) traced with two tracers per channel, one per spec: the IcNegotiation events of the channel
 * and the FileCopy events of the copies. Scenarios: success (three families), empty file into created directories,
 * overwrite refused then allowed, cancel, every START refusal, DISK_FULL, a host read failure, host loss mid-copy, a
 * scripted hostile host, malformed bodies and failed negotiations (IC traces only: FileCopy has no request for an
 * undecodable body). Both trace sets go to TLC ({@link IcTraceValidator}, {@link FileCopyTraceValidator}); every
 * action of both specs must be covered, and the coverage is printed.
 */
class FileCopyIcTraceTest {
    private static final Set<String> FILE_COPY_ACTIONS = Set.of("HostSendStart", "HostSendWrite", "HostSendComplete",
            "HostSendCancel", "HostReceiveReply", "HostVanish", "GuestStartOk", "GuestWrite", "GuestComplete",
            "GuestReject", "GuestCancel", "GuestAbandon");

    private static SpecFiles files;
    private static IcTraceValidator icValidator;
    private static FileCopyTraceValidator fcValidator;

    @TempDir
    Path tmp;

    private final List<List<Map<String, Object>>> icTraces = new ArrayList<>();
    private final List<List<Map<String, Object>>> fcTraces = new ArrayList<>();
    private final List<Boolean> targetExisted = new ArrayList<>();
    private int runs;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        icValidator = new IcTraceValidator(TlcRunner.usingClasspath(), files);
        fcValidator = new FileCopyTraceValidator(TlcRunner.usingClasspath(), files);
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** One channel: a fresh guest root, an IC pair, an IC tracer and a FileCopy tracer; the target is "f". */
    private final class Run {
        final RecordingTracer ic = new RecordingTracer();
        final RecordingTracer fc = new RecordingTracer();
        final Path root;
        final Path hostDir;
        final boolean fcTraced;
        final boolean existed;
        final IcHostNegotiator host;
        final FileCopyHostService service;
        final FileCopyDaemon daemon;
        final IcServiceClient client;

        Run(IcVersionPolicy policy, List<IcVersion> messages, boolean targetExists, long maxFileSize,
            boolean fcTraced) throws IOException {
            Path base = Files.createDirectory(tmp.resolve("run" + runs++));
            root = Files.createDirectory(base.resolve("root"));
            hostDir = Files.createDirectory(base.resolve("host"));
            if (targetExists) {
                Files.writeString(root.resolve("f"), "old");
            }
            this.fcTraced = fcTraced;
            this.existed = targetExists;
            SpecTracer fcTracer = fcTraced ? fc : SpecTracer.OFF;
            host = new IcHostNegotiator(IcService.FCOPY, IcService.HOST_FRAMEWORK_VERSIONS, messages, ic);
            service = new FileCopyHostService(fcTracer);
            daemon = new FileCopyDaemon(new FileCopyGuestConfig(root, maxFileSize), fcTracer);
            client = new IcServiceClient(IcService.FCOPY, IcGuestVersions.of(policy, IcService.FCOPY), daemon, ic);
            service.bind(() -> {
            });
        }

        Run(IcVersionPolicy policy, boolean targetExists) throws IOException {
            this(policy, IcService.FCOPY.hostVersions(), targetExists, Long.MAX_VALUE, true);
        }

        IcHostResult negotiate() {
            byte[] offer = host.negotiateRequest();
            Optional<byte[]> answer = client.onPacket(offer, offer.length).response();
            IcHostResult r = answer.isPresent() ? host.onPacket(answer.get(), answer.get().length) : host.timeout();
            if (r instanceof IcHostResult.Negotiated n) {
                service.onNegotiated(n.framework(), n.message());
            } else {
                service.onChannelLost("negotiation failed");
            }
            return r;
        }

        Run negotiated() {
            assertInstanceOf(IcHostResult.Negotiated.class, negotiate());
            return this;
        }

        IcHostResult.Response send(byte[] payload) {
            byte[] packet = host.request(payload);
            IcClientStep step = client.onPacket(packet, packet.length);
            byte[] answer = step.response().orElseThrow();
            IcHostResult r = host.onPacket(answer, answer.length);
            step.delivery().ifPresent(client::deliver);
            return (IcHostResult.Response) r;
        }

        int pump(int max) {
            int n = 0;
            Optional<byte[]> p;
            while (n < max && (p = service.nextRequest()).isPresent()) {
                IcHostResult.Response r = send(p.get());
                service.onResponse(r.header(), r.payload());
                n++;
            }
            return n;
        }

        CompletableFuture<FileCopyResult> copy(int size, String path, int flags) throws IOException {
            Path src = Files.write(hostDir.resolve("src"), new byte[size]);
            return service.copy(src, "f", path, flags, FileCopyProgressListener.NONE);
        }

        FileCopyResult copyAll(int size, String path, int flags) throws IOException {
            CompletableFuture<FileCopyResult> f = copy(size, path, flags);
            pump(Integer.MAX_VALUE);
            return f.join();
        }

        /** A scripted (hostile) host: records its FileCopy events itself around the IC exchange. */
        IcHostResult.Response script(FileCopyMessage m) {
            Map<String, Object> fields = new LinkedHashMap<>();
            String action;
            if (m instanceof StartFileCopy s) {
                action = "HostSendStart";
                fields.put("ow", FileCopyFlags.overwrite(s.flags()));
                fields.put("size", s.fileSize());
            } else if (m instanceof WriteToFile w) {
                action = "HostSendWrite";
                fields.put("off", w.offset());
                fields.put("len", w.size());
            } else if (m instanceof CompleteFileCopy) {
                action = "HostSendComplete";
            } else {
                action = "HostSendCancel";
            }
            synchronized (fc.lock()) {
                fc.record(action, fields);
            }
            IcHostResult.Response r = send(FileCopyMessageCodec.encode(m));
            synchronized (fc.lock()) {
                fc.record("HostReceiveReply", "ok", r.ok());
            }
            return r;
        }

        void finish() throws IOException {
            assertFalse(daemon.copyInProgress());
            try (Stream<Path> s = Files.walk(root)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString()
                        .startsWith(FileCopyGuestSession.TEMP_PREFIX)).collect(Collectors.toList()));
            }
            icTraces.add(records(ic));
            if (fcTraced) {
                fcTraces.add(records(fc));
                targetExisted.add(existed);
            }
        }
    }

    private static List<Map<String, Object>> records(RecordingTracer tracer) {
        return tracer.events().stream().map(TraceEvent::toRecord).collect(Collectors.toList());
    }

    private void recordScenarios() throws IOException {
        for (IcVersionPolicy p : IcVersionPolicy.values()) { // success in three writes, each family
            Run r = new Run(p, false).negotiated();
            assertTrue(r.copyAll(13_000, "", 0).ok());
            assertEquals(13_000, Files.size(r.root.resolve("f")));
            r.finish();
        }

        Run r = new Run(IcVersionPolicy.LINUX, false).negotiated(); // empty file into created directories
        assertTrue(r.copyAll(0, "x/y", FileCopyFlags.CREATE_PATH).ok());
        assertEquals(0, Files.size(r.root.resolve("x/y/f")));
        r.finish();

        r = new Run(IcVersionPolicy.MAC_HYPERV_SUPPORT, true).negotiated(); // exists: refused, then overwritten
        assertEquals(FileCopyStatus.ALREADY_EXISTS, r.copyAll(10, "", 0).status());
        assertTrue(r.copyAll(10, "", FileCopyFlags.OVERWRITE).ok());
        r.finish();

        r = new Run(IcVersionPolicy.LINUX, false).negotiated(); // cancel after the first write
        CompletableFuture<FileCopyResult> f = r.copy(20_000, "", 0);
        r.pump(2);
        r.service.cancel();
        r.pump(Integer.MAX_VALUE);
        assertEquals(HostCopyState.CANCELLED, f.join().outcome());
        assertFalse(Files.exists(r.root.resolve("f")));
        r.finish();

        r = new Run(IcVersionPolicy.LINUX, false).negotiated(); // START refusals
        Files.createSymbolicLink(r.root.resolve("link"), tmp);
        for (String path : new String[] {"missing", "../out", "/abs", "link", "link/x"}) {
            FileCopyResult res = r.copyAll(1, path, path.equals("link/x") ? FileCopyFlags.CREATE_PATH : 0);
            assertEquals(IcStatus.E_FAIL, res.status(), path);
        }
        r.finish();

        r = new Run(IcVersionPolicy.LINUX, IcService.FCOPY.hostVersions(), false, 5, true).negotiated(); // limit
        assertEquals(FileCopyStatus.DISK_FULL, r.copyAll(6, "", 0).status());
        r.finish();

        r = new Run(IcVersionPolicy.LINUX, false).negotiated(); // the host file shrinks: the host cancels
        f = r.copy(7000, "", 0);
        r.pump(1);
        Files.write(r.hostDir.resolve("src"), new byte[3]);
        r.pump(Integer.MAX_VALUE);
        assertEquals(HostCopyState.FAILED, f.join().outcome());
        r.finish();

        r = new Run(IcVersionPolicy.FREEBSD, false).negotiated(); // host loss with a write in flight
        f = r.copy(9000, "", 0);
        r.pump(2);
        r.host.request(r.service.nextRequest().orElseThrow()); // lost with the host
        r.service.onChannelLost("rescinded");
        r.daemon.onChannelLost("rescinded");
        assertTrue(f.isCompletedExceptionally());
        assertFalse(Files.exists(r.root.resolve("f")));
        r.finish();

        r = new Run(IcVersionPolicy.LINUX, false).negotiated(); // scripted hostile host through the IC client
        assertFalse(r.script(new WriteToFile(0, new byte[1])).ok()); // WRITE before START
        assertTrue(r.script(new StartFileCopy("f", "", 0, 10)).ok());
        assertTrue(r.script(new WriteToFile(0, new byte[4])).ok());
        assertFalse(r.script(new WriteToFile(5, new byte[1])).ok()); // gap
        assertTrue(r.script(new StartFileCopy("f", "", 0, 10)).ok());
        assertTrue(r.script(new WriteToFile(0, new byte[4])).ok());
        assertFalse(r.script(new WriteToFile(3, new byte[1])).ok()); // overlap
        assertTrue(r.script(new StartFileCopy("f", "", 0, 2)).ok());
        assertFalse(r.script(new WriteToFile(0, new byte[3])).ok()); // past the declared size
        assertTrue(r.script(new StartFileCopy("f", "", 0, 2)).ok());
        assertFalse(r.script(new CompleteFileCopy()).ok()); // early COMPLETE
        assertTrue(r.script(new StartFileCopy("f", "", 0, 1)).ok());
        assertTrue(r.script(new WriteToFile(0, new byte[1])).ok());
        assertTrue(r.script(new CompleteFileCopy()).ok());
        assertFalse(r.script(new CompleteFileCopy()).ok()); // COMPLETE twice
        assertTrue(r.script(new StartFileCopy("f", "", FileCopyFlags.OVERWRITE, 2)).ok());
        assertFalse(r.script(new StartFileCopy("g", "", 0, 2)).ok()); // START during a copy
        assertTrue(r.script(new StartFileCopy("f", "", FileCopyFlags.OVERWRITE, 2)).ok());
        assertTrue(r.script(new CancelFileCopy()).ok());
        assertFalse(r.script(new WriteToFile(0, new byte[1])).ok()); // write after CANCEL
        assertTrue(r.script(new CancelFileCopy()).ok()); // idle CANCEL
        assertEquals(1, Files.size(r.root.resolve("f")));
        r.finish();

        // IC-only traces: malformed bodies (FileCopy has no request for them) and failed negotiations
        r = new Run(IcVersionPolicy.LINUX, IcService.FCOPY.hostVersions(), false, Long.MAX_VALUE, false)
                .negotiated();
        assertEquals(IcStatus.E_FAIL, r.send(new byte[3]).header().status());
        assertEquals(IcStatus.E_FAIL, r.send(new byte[FileCopyMessageCodec.encode(new CompleteFileCopy()).length
                + 1]).header().status());
        r.finish();
        for (IcVersionPolicy p : IcVersionPolicy.values()) {
            // host offers fcopy 3.0 only: no family agrees (FreeBSD stays silent and the host times out)
            r = new Run(p, List.of(IcVersion.V3_0), false, Long.MAX_VALUE, false);
            assertInstanceOf(IcHostResult.NegotiationFailed.class, r.negotiate());
            CompletableFuture<FileCopyResult> lost = r.copy(1, "", 0);
            assertInstanceOf(FileCopyChannelLostException.class, lost.handle((v, e) -> e).join());
            assertEquals(0, r.pump(Integer.MAX_VALUE));
            r.finish();
        }
    }

    private static Set<String> icActions() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : IcActions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("SPEC")) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    private static Set<String> seen(List<List<Map<String, Object>>> traces) {
        return traces.stream().flatMap(List::stream).map(e -> (String) e.get(TraceEvent.ACTION_KEY))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void icAndFileCopyTracesOfTheRealPairShouldBeBehavioursOfBothSpecs() throws IOException,
            IllegalAccessException {
        recordScenarios();
        Set<String> icSeen = seen(icTraces);
        Set<String> fcSeen = seen(fcTraces);
        System.out.println("IcNegotiation coverage: " + icSeen.size() + "/" + icActions().size() + " " + icSeen);
        System.out.println("FileCopy coverage: " + fcSeen.size() + "/" + FILE_COPY_ACTIONS.size() + " " + fcSeen);
        assertEquals(icActions(), icSeen, "every IcNegotiation action occurs");
        assertEquals(new TreeSet<>(FILE_COPY_ACTIONS), fcSeen, "every FileCopy action occurs");

        TraceVerdict ic = icValidator.validate(icTraces);
        TraceVerdict.Accepted icOk = assertInstanceOf(TraceVerdict.Accepted.class, ic, ic.toString());
        assertEquals(icTraces.size(), icOk.traces());
        TraceVerdict fc = fcValidator.validate(fcTraces, targetExisted);
        TraceVerdict.Accepted fcOk = assertInstanceOf(TraceVerdict.Accepted.class, fc, fc.toString());
        assertEquals(fcTraces.size(), fcOk.traces());
        System.out.println("IcNegotiation traces: " + icOk + "; FileCopy traces: " + fcOk);
    }

    @Test
    void aTraceWhereTheGuestKeepsWritingAfterHostLossShouldBeRejected() throws IOException {
        Run r = new Run(IcVersionPolicy.LINUX, false).negotiated();
        r.copy(9000, "", 0);
        r.pump(2);
        r.service.onChannelLost("rescinded");
        r.daemon.onChannelLost("rescinded");
        r.finish();
        List<Map<String, Object>> trace = new ArrayList<>(fcTraces.get(0));
        int abandon = trace.size() - 1;
        assertEquals("GuestAbandon", trace.get(abandon).get(TraceEvent.ACTION_KEY));
        trace.add(abandon, Map.of(TraceEvent.ACTION_KEY, "GuestWrite", "off", 6144L, "len", 2856));
        TraceVerdict.Rejected rejected = assertInstanceOf(TraceVerdict.Rejected.class,
                fcValidator.validate(List.of(trace), targetExisted));
        assertEquals(abandon, rejected.eventIndex());
    }
}
