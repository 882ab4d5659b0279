package org.hvref.ic.filecopy.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.ic.filecopy.FileCopyFlags;
import org.hvref.ic.filecopy.FileCopyGuestConfig;
import org.hvref.ic.filecopy.FileCopyGuestSession;
import org.hvref.ic.filecopy.FileCopyHostSession;
import org.hvref.ic.filecopy.FileCopyMessage;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyReply;
import org.hvref.ic.filecopy.FileCopyStatus;
import org.hvref.ic.filecopy.HostCopyState;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.FileCopyTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecAction;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace validation of the real {@link FileCopyHostSession} and {@link FileCopyGuestSession} against
 * {@code ic/TraceFileCopy.tla} (ic/CONTRACT.md): success, empty file, cancel, every guest refusal, a host-side read
 * failure, host loss, and a scripted hostile host (gap, overlap, write past the size, early COMPLETE, write after
 * CANCEL). Both sessions share one tracer, so their events form one linearization. All traces go to TLC in one run;
 * every action of the spec must appear, and a corrupted trace must be rejected.
 */
class FileCopyTraceTest {
    private static SpecFiles files;
    private static FileCopyTraceValidator validator;

    @TempDir
    Path tmp;

    private final List<List<Map<String, Object>>> traces = new ArrayList<>();
    private final List<Boolean> targetExisted = new ArrayList<>();
    private int runs;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
        validator = new FileCopyTraceValidator(TlcRunner.usingClasspath(), files);
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** One trace: a fresh guest root, a shared tracer. */
    private final class Run {
        final RecordingTracer tracer = new RecordingTracer();
        final Path root;
        final Path hostDir;
        FileCopyGuestSession guest;

        Run(boolean targetExists, long maxFileSize) throws IOException {
            Path base = Files.createDirectory(tmp.resolve("run" + runs++));
            root = Files.createDirectory(base.resolve("root"));
            hostDir = Files.createDirectory(base.resolve("host"));
            if (targetExists) {
                Files.writeString(root.resolve("f"), "old");
            }
            guest = new FileCopyGuestSession(new FileCopyGuestConfig(root, maxFileSize), tracer);
            targetExisted.add(targetExists);
        }

        Run(boolean targetExists) throws IOException {
            this(targetExists, Long.MAX_VALUE);
        }

        FileCopyHostSession host(int size, String path, int flags) throws IOException {
            Path src = Files.write(hostDir.resolve("src" + size), new byte[size]);
            return new FileCopyHostSession(src, "f", path, flags, FileCopyProgressListener.NONE, tracer);
        }

        /** Exchanges requests until the host stops sending. */
        HostCopyState pump(FileCopyHostSession host) {
            for (Optional<FileCopyMessage> m = host.nextMessage(); m.isPresent(); m = host.nextMessage()) {
                host.onReply(guest.handle(m.get()).status());
            }
            return host.state();
        }

        /** A scripted (hostile) host: records the host events itself around the guest's handling. */
        FileCopyReply send(FileCopyMessage m) {
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
            synchronized (tracer.lock()) {
                tracer.record(action, fields);
            }
            FileCopyReply reply = guest.handle(m);
            synchronized (tracer.lock()) {
                tracer.record("HostReceiveReply", "ok", reply.ok());
            }
            return reply;
        }

        void finish() {
            List<Map<String, Object>> events = new ArrayList<>();
            for (TraceEvent e : tracer.events()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("e", e.action());
                m.putAll(e.fields());
                events.add(m);
            }
            traces.add(events);
        }
    }

    private void assertNoTemp(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(
                    FileCopyGuestSession.TEMP_PREFIX)).collect(Collectors.toList()));
        }
    }

    private void recordScenarios() throws IOException {
        Run r = new Run(false); // success in three writes
        assertEquals(HostCopyState.COMPLETED, r.pump(r.host(13000, "", 0)));
        assertEquals(13000, Files.size(r.root.resolve("f")));
        r.finish();

        r = new Run(false); // empty file into a created directory
        assertEquals(HostCopyState.COMPLETED, r.pump(r.host(0, "x/y", FileCopyFlags.CREATE_PATH)));
        r.finish();

        r = new Run(true); // exists without OVER_WRITE, then with it
        assertEquals(HostCopyState.FAILED, r.pump(r.host(10, "", 0)));
        assertEquals(HostCopyState.COMPLETED, r.pump(r.host(10, "", FileCopyFlags.OVERWRITE)));
        r.finish();

        r = new Run(false); // cancel after the first write
        FileCopyHostSession h = r.host(20000, "", 0);
        r.guest.handle(h.nextMessage().orElseThrow()).status();
        h.onReply(FileCopyStatus.S_OK);
        h.onReply(r.guest.handle(h.nextMessage().orElseThrow()).status());
        h.cancel();
        assertEquals(HostCopyState.CANCELLED, r.pump(h));
        assertFalse(Files.exists(r.root.resolve("f")));
        r.finish();

        r = new Run(false); // refusals at START: missing path, traversal, absolute, symlink
        Files.createSymbolicLink(r.root.resolve("link"), tmp);
        for (String path : new String[] {"missing", "../out", "/abs", "link"}) {
            assertEquals(HostCopyState.FAILED, r.pump(r.host(1, path, 0)));
        }
        r.finish();

        r = new Run(false, 5); // too large for the guest's limit: DISK_FULL
        FileCopyHostSession big = r.host(6, "", 0);
        assertEquals(HostCopyState.FAILED, r.pump(big));
        assertEquals(FileCopyStatus.DISK_FULL, big.failureStatus().orElseThrow());
        r.finish();

        r = new Run(false); // the host file shrinks mid-copy: the host cancels
        h = r.host(7000, "", 0);
        h.onReply(r.guest.handle(h.nextMessage().orElseThrow()).status());
        Files.write(r.hostDir.resolve("src7000"), new byte[3]);
        assertEquals(HostCopyState.FAILED, r.pump(h));
        r.finish();

        r = new Run(false); // host loss with a write in flight
        h = r.host(9000, "", 0);
        h.onReply(r.guest.handle(h.nextMessage().orElseThrow()).status());
        h.onReply(r.guest.handle(h.nextMessage().orElseThrow()).status());
        h.nextMessage(); // the next write is lost with the host
        h.disconnect();
        r.guest.abandon();
        assertNoTemp(r.root);
        r.finish();

        r = new Run(false); // scripted hostile host
        assertTrue(r.send(new StartFileCopy("f", "", 0, 10)).ok());
        assertTrue(r.send(new WriteToFile(0, new byte[4])).ok());
        assertFalse(r.send(new WriteToFile(5, new byte[1])).ok()); // gap
        assertFalse(r.send(new WriteToFile(4, new byte[1])).ok()); // no copy open any more
        assertTrue(r.send(new StartFileCopy("f", "", 0, 10)).ok());
        assertTrue(r.send(new WriteToFile(0, new byte[4])).ok());
        assertFalse(r.send(new WriteToFile(3, new byte[1])).ok()); // overlap
        assertTrue(r.send(new StartFileCopy("f", "", 0, 2)).ok());
        assertFalse(r.send(new WriteToFile(0, new byte[3])).ok()); // past the declared size
        assertTrue(r.send(new StartFileCopy("f", "", 0, 2)).ok());
        assertFalse(r.send(new CompleteFileCopy()).ok()); // early COMPLETE
        assertFalse(r.send(new CompleteFileCopy()).ok()); // COMPLETE with no copy
        assertTrue(r.send(new StartFileCopy("f", "", 0, 2)).ok());
        assertFalse(r.send(new StartFileCopy("g", "", 0, 2)).ok()); // START during a copy
        assertTrue(r.send(new StartFileCopy("f", "", 0, 2)).ok());
        assertTrue(r.send(new CancelFileCopy()).ok());
        assertFalse(r.send(new WriteToFile(0, new byte[1])).ok()); // write after CANCEL
        assertTrue(r.send(new CancelFileCopy()).ok()); // idle CANCEL
        assertNoTemp(r.root);
        assertFalse(Files.exists(r.root.resolve("f")));
        r.finish();
    }

    private static Set<String> specActions() {
        Set<String> actions = new TreeSet<>();
        for (Class<?> c : List.of(FileCopyGuestSession.class, FileCopyHostSession.class)) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                for (SpecAction a : m.getAnnotationsByType(SpecAction.class)) {
                    assertEquals("FileCopy", a.spec());
                    actions.add(a.value());
                }
            }
        }
        return actions;
    }

    @Test
    void shouldValidateRealSessionTracesCoveringEveryAction() throws IOException {
        recordScenarios();
        Set<String> seen = traces.stream().flatMap(List::stream).map(e -> (String) e.get("e"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = new TreeSet<>(List.of("HostSendStart", "HostSendWrite", "HostSendComplete",
                "HostSendCancel", "HostReceiveReply", "HostVanish", "GuestStartOk", "GuestWrite", "GuestComplete",
                "GuestReject", "GuestCancel", "GuestAbandon"));
        assertEquals(all, specActions(), "every Next action of FileCopy.tla has a @SpecAction");
        assertEquals(all, seen, "every action covered by some trace");
        TraceVerdict verdict = validator.validate(traces, targetExisted);
        assertTrue(verdict.accepted(), () -> ((TraceVerdict.Rejected) verdict).message());
        TraceVerdict.Accepted accepted = (TraceVerdict.Accepted) verdict;
        assertEquals(traces.size(), accepted.traces());
        System.out.println("file-copy traces: " + accepted);
    }

    @Test
    void shouldRejectAWriteReplayedAfterCancel() throws IOException {
        Run r = new Run(false);
        r.send(new StartFileCopy("f", "", 0, 2));
        r.send(new WriteToFile(0, new byte[1]));
        r.send(new CancelFileCopy());
        r.finish();
        List<Map<String, Object>> trace = traces.get(0);
        // what a guest that kept the file open would log: the write accepted after CANCEL
        trace.add(Map.of("e", "HostSendWrite", "off", 1L, "len", 1));
        trace.add(Map.of("e", "GuestWrite", "off", 1L, "len", 1));
        TraceVerdict verdict = validator.validate(traces, targetExisted);
        TraceVerdict.Rejected rejected = assertInstanceOf(TraceVerdict.Rejected.class, verdict);
        assertEquals(0, rejected.traceIndex());
        assertEquals(trace.size() - 1, rejected.eventIndex());
    }
}
