package org.hvref.ic.hazard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hvref.ic.filecopy.FileCopyCommitSteps;
import org.hvref.ic.filecopy.FileCopyDaemon;
import org.hvref.ic.filecopy.FileCopyFlags;
import org.hvref.ic.filecopy.FileCopyGuestConfig;
import org.hvref.ic.filecopy.FileCopyGuestSession;
import org.hvref.ic.filecopy.FileCopyHostSession;
import org.hvref.ic.filecopy.FileCopyMessage;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.ic.filecopy.FileCopyMessageCodec;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyRejectedException;
import org.hvref.ic.filecopy.FileCopyRejection;
import org.hvref.ic.filecopy.FileCopyReply;
import org.hvref.ic.filecopy.FileCopyStatus;
import org.hvref.ic.filecopy.HostCopyState;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.FileCopyTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression per {@code ic/MCFileCopy_*_bug.cfg} of spec/src/tla/manifest.json: the real
 * {@link FileCopyGuestSession} (inside a {@link FileCopyDaemon} where the channel is lost) under a temporary root, fed
 * by the real {@link FileCopyHostSession} or by a scripted hostile host that records the host events itself, is put
 * into the hazard's situation; the exact status and the file system state (no temporary file, the target only whole
 * and forced to disk) are asserted; the real trace must be accepted by {@code TraceFileCopy} and the event a buggy
 * guest would record, spliced into it, rejected by TLC at exactly that event. Where the buggy guest would record the
 * same event as the safe one (rename before fsync, partial file on host loss: {@code GuestComplete} and
 * {@code GuestAbandon} carry no file-system state), TLC is run on the bug configuration instead.
 */
class FileCopyHazardRegressionTest {
    /** The FileCopy hazards covered here (the cfg names between {@code MCFileCopy_} and {@code _bug}). */
    static final List<String> HAZARDS = List.of("complete_partial", "overwrite_without_flag", "partial_on_host_loss",
            "rename_before_fsync", "write_after_end");

    private static SpecFiles files;
    private static FileCopyTraceValidator validator;

    @TempDir
    Path tmp;

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

    /** One traced copy channel: a fresh guest root (target name {@code f}), host and guest share the tracer. */
    private final class Run {
        final RecordingTracer tracer = new RecordingTracer();
        final Path root;
        final Path hostDir;
        final boolean targetExisted;
        final FileCopyGuestSession guest;

        Run(boolean targetExists, FileCopyCommitSteps commit) throws IOException {
            Path base = Files.createDirectory(tmp.resolve("run" + runs++));
            root = Files.createDirectory(base.resolve("root"));
            hostDir = Files.createDirectory(base.resolve("host"));
            targetExisted = targetExists;
            if (targetExists) {
                Files.writeString(root.resolve("f"), "old");
            }
            guest = new FileCopyGuestSession(FileCopyGuestConfig.of(root), tracer, commit);
        }

        Run(boolean targetExists) throws IOException {
            this(targetExists, FileCopyCommitSteps.SYSTEM);
        }

        /** The real host streaming {@code data} to {@code f}. */
        FileCopyHostSession host(byte[] data, int flags) throws IOException {
            Path src = Files.write(hostDir.resolve("src" + runs), data);
            return new FileCopyHostSession(src, "f", "", flags, FileCopyProgressListener.NONE, tracer);
        }

        /** One request of the real host through the codec to the guest, and the reply back. */
        FileCopyReply step(FileCopyHostSession host) {
            FileCopyMessage m = host.nextMessage().orElseThrow();
            FileCopyReply reply = guest.handleBody(ByteBuffer.wrap(FileCopyMessageCodec.encode(m)));
            host.onReply(reply.status());
            return reply;
        }

        HostCopyState pump(FileCopyHostSession host) {
            while (!host.state().terminal()) {
                step(host);
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
            FileCopyReply reply = guest.handleBody(ByteBuffer.wrap(FileCopyMessageCodec.encode(m)));
            synchronized (tracer.lock()) {
                tracer.record("HostReceiveReply", "ok", reply.ok());
            }
            return reply;
        }

        List<Map<String, Object>> trace() {
            return tracer.events().stream().map(TraceEvent::toRecord).toList();
        }

        /** Neither a temporary file nor (unless expected) the target: what the root holds, sorted. */
        List<String> entries() throws IOException {
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
            }
        }
    }

    private static void assertRejected(FileCopyReply reply, FileCopyRejection reason) {
        assertEquals(reason.status(), reply.status(), reply.toString());
        FileCopyRejectedException e = assertInstanceOf(FileCopyRejectedException.class, reply.error().orElseThrow());
        assertEquals(reason, e.reason(), e.getMessage());
    }

    private static Map<String, Object> ev(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", kv[0]);
        for (int i = 1; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The k-th (0-based) event named {@code action} with {@code op} (or any, if null). */
    private static int indexOf(List<Map<String, Object>> t, String action, String op, int nth) {
        int seen = 0;
        for (int i = 0; i < t.size(); i++) {
            if (action.equals(t.get(i).get("e")) && (op == null || op.equals(t.get(i).get("op"))) && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError(action + "/" + op + " #" + nth + " not in the trace " + t);
    }

    /** The real trace accepted; the trace up to {@code k}, event {@code k} replaced by {@code bug}, rejected at k. */
    private static void assertSpliceRejected(Run r, int k, Map<String, Object> bug) {
        List<Map<String, Object>> t = r.trace();
        TraceVerdict ok = validator.validate(List.of(t), List.of(r.targetExisted));
        assertTrue(ok.accepted(), () -> "the real trace: " + ((TraceVerdict.Rejected) ok).message());
        List<Map<String, Object>> buggy = new ArrayList<>(t.subList(0, k + 1));
        buggy.set(k, bug);
        TraceVerdict.Rejected rej = assertInstanceOf(TraceVerdict.Rejected.class,
                validator.validate(List.of(buggy), List.of(r.targetExisted)), "the buggy trace " + buggy);
        assertEquals(k, rej.eventIndex(), () -> "TLC rejects at the spliced event " + bug + ": " + rej.message());
        assertEquals(bug, rej.event());
        System.out.println("FileCopy: buggy " + bug + " rejected at event " + k);
    }

    private static void assertAccepted(Run r) {
        TraceVerdict v = validator.validate(List.of(r.trace()), List.of(r.targetExisted));
        assertTrue(v.accepted(), () -> ((TraceVerdict.Rejected) v).message());
    }

    private static void assertBugCfgViolates(String hazard, String invariant) {
        TlcResult res = TlcRunner.usingClasspath().run(files.root(), "ic/MCFileCopy",
                "ic/MCFileCopy_" + hazard + "_bug.cfg");
        assertEquals(invariant, res.violated(), "TLC: " + res.summary());
    }

    // ---- complete_partial: COMPLETE before all declared bytes is refused, nothing is left ---------------------

    @Test
    void completePartial() throws IOException {
        Run r = new Run(false);
        assertTrue(r.send(new StartFileCopy("f", "", 0, 10)).ok());
        assertTrue(r.send(new WriteToFile(0, new byte[4])).ok());
        assertRejected(r.send(new CompleteFileCopy()), FileCopyRejection.INCOMPLETE);
        assertEquals(List.of(), r.entries(), "no partial file, no temporary file");
        assertFalse(r.guest.isOpen());
        int k = indexOf(r.trace(), "GuestReject", "complete", 0);
        assertEquals(FileCopyStatus.E_FAIL, r.trace().get(k).get("status"));
        assertSpliceRejected(r, k, ev("GuestComplete", "size", 10L));
    }

    // ---- write_after_end: WRITE after COMPLETE or CANCEL is refused, the file untouched --------------------

    @Test
    void writeAfterEnd() throws IOException {
        Run r = new Run(false);
        assertTrue(r.send(new StartFileCopy("f", "", 0, 2)).ok());
        assertTrue(r.send(new WriteToFile(0, new byte[] {7, 8})).ok());
        assertTrue(r.send(new CompleteFileCopy()).ok());
        assertRejected(r.send(new WriteToFile(2, new byte[] {9})), FileCopyRejection.NO_SESSION);
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(r.root.resolve("f")), "the completed file untouched");
        assertTrue(r.send(new StartFileCopy("f", "", FileCopyFlags.OVERWRITE, 2)).ok()); // the one target
        assertTrue(r.send(new WriteToFile(0, new byte[] {1})).ok());
        assertTrue(r.send(new CancelFileCopy()).ok());
        assertRejected(r.send(new WriteToFile(1, new byte[] {2})), FileCopyRejection.NO_SESSION);
        assertEquals(List.of("f"), r.entries(), "nothing of the cancelled copy");
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(r.root.resolve("f")));
        List<Map<String, Object>> t = r.trace();
        // after COMPLETE
        assertSpliceRejected(r, indexOf(t, "GuestReject", "write", 0), ev("GuestWrite", "off", 2L, "len", 1));
        // after CANCEL
        assertSpliceRejected(r, indexOf(t, "GuestReject", "write", 1), ev("GuestWrite", "off", 1L, "len", 1));
    }

    // ---- overwrite_without_flag: an existing file is never replaced without OVER_WRITE ----------------------

    @Test
    void overwriteWithoutFlag() throws IOException {
        Run r = new Run(true);
        byte[] data = {1, 2, 3, 4, 5};
        FileCopyHostSession plain = r.host(data, 0);
        assertEquals(HostCopyState.FAILED, r.pump(plain));
        assertEquals(FileCopyStatus.ALREADY_EXISTS, plain.failureStatus().orElseThrow(), "HV_ERROR_ALREADY_EXISTS");
        assertEquals("old", Files.readString(r.root.resolve("f")));
        assertEquals(List.of("f"), r.entries());
        FileCopyHostSession ow = r.host(data, FileCopyFlags.OVERWRITE);
        assertEquals(HostCopyState.COMPLETED, r.pump(ow));
        assertArrayEquals(data, Files.readAllBytes(r.root.resolve("f")), "replaced with OVER_WRITE");
        List<Map<String, Object>> t = r.trace();
        int k = indexOf(t, "GuestReject", "start", 0);
        assertEquals(FileCopyStatus.ALREADY_EXISTS, t.get(k).get("status"));
        assertSpliceRejected(r, k, ev("GuestStartOk", "ow", false, "size", (long) data.length));

        // the target appears during the copy: COMPLETE refuses to replace it
        Run mid = new Run(false);
        assertTrue(mid.send(new StartFileCopy("f", "", 0, 1)).ok());
        assertTrue(mid.send(new WriteToFile(0, new byte[] {1})).ok());
        Files.writeString(mid.root.resolve("f"), "theirs");
        assertRejected(mid.send(new CompleteFileCopy()), FileCopyRejection.ALREADY_EXISTS);
        assertEquals("theirs", Files.readString(mid.root.resolve("f")));
        assertEquals(List.of("f"), mid.entries());
    }

    // ---- partial_on_host_loss: the channel goes away mid-copy, nothing is left -------------------------------

    @Test
    void partialOnHostLoss() throws IOException {
        Run r = new Run(false);
        FileCopyDaemon daemon = new FileCopyDaemon(r.guest);
        FileCopyHostSession host = r.host(new byte[20000], 0);
        assertTrue(r.step(host).ok()); // START
        assertTrue(r.step(host).ok()); // first WRITE
        assertTrue(daemon.copyInProgress());
        try (Stream<Path> s = Files.list(r.root)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith(FileCopyGuestSession.TEMP_PREFIX))
                    .count(), "a temporary file while the copy is open");
        }
        host.nextMessage(); // the next WRITE is lost with the host
        host.disconnect(); // the host side learns of the loss first (CONTRACT.md)
        daemon.onChannelLost("rescinded");
        assertFalse(daemon.copyInProgress());
        assertEquals(List.of(), r.entries(), "no partial file, no temporary file");
        List<Map<String, Object>> t = r.trace();
        assertEquals(List.of("HostSendWrite", "HostVanish", "GuestAbandon"),
                t.subList(t.size() - 3, t.size()).stream().map(e -> e.get("e")).toList());
        assertAccepted(r);
        // GuestAbandon of the buggy guest is the same event (it carries no file state): TLC on the bug cfg
        assertBugCfgViolates("partial_on_host_loss", "NothingLeftBehindInv");
    }

    // ---- rename_before_fsync: forced to disk, then renamed; a failed force leaves nothing ---------------------

    /** Observes the commit steps: at the rename, whether the temporary file was forced and the target exists. */
    private static final class OrderObserver implements FileCopyCommitSteps {
        final List<String> steps = new ArrayList<>();
        final boolean failForce;
        Path target;
        FileChannel forced;

        OrderObserver(boolean failForce) {
            this.failForce = failForce;
        }

        @Override
        public void force(FileChannel temp) throws IOException {
            steps.add("force " + temp.size());
            if (failForce) {
                throw new IOException("injected: fsync failed");
            }
            SYSTEM.force(temp);
            forced = temp;
        }

        @Override
        public void rename(SecureDirectoryStream<Path> directory, Path tempName, Path targetName) throws IOException {
            steps.add("rename forced=" + (forced != null) + " target=" + Files.exists(target));
            SYSTEM.rename(directory, tempName, targetName);
        }
    }

    @Test
    void renameBeforeFsync() throws IOException {
        byte[] data = new byte[13000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        OrderObserver obs = new OrderObserver(false);
        Run r = new Run(false, obs);
        obs.target = r.root.resolve("f");
        assertEquals(HostCopyState.COMPLETED, r.pump(r.host(data, 0)));
        assertEquals(List.of("force " + data.length, "rename forced=true target=false"), obs.steps,
                "forced whole, then renamed over an absent target");
        assertArrayEquals(data, Files.readAllBytes(obs.target));
        assertEquals(List.of("f"), r.entries());
        assertAccepted(r);

        // the force fails: the copy is refused and nothing becomes visible
        OrderObserver failing = new OrderObserver(true);
        Run bad = new Run(false, failing);
        failing.target = bad.root.resolve("f");
        FileCopyHostSession h = bad.host(data, 0);
        assertEquals(HostCopyState.FAILED, bad.pump(h));
        assertEquals(FileCopyStatus.E_FAIL, h.failureStatus().orElseThrow());
        assertEquals(List.of("force " + data.length), failing.steps, "never renamed");
        assertEquals(List.of(), bad.entries(), "no final file, no temporary file");
        assertFalse(bad.guest.isOpen());
        List<Map<String, Object>> t = bad.trace();
        assertEquals("complete", t.get(indexOf(t, "GuestReject", null, 0)).get("op"));
        assertAccepted(bad);
        // the buggy guest records the same GuestComplete (it carries no durability): TLC on the bug cfg
        assertBugCfgViolates("rename_before_fsync", "FinalVisibleOnlyWholeInv");
    }
}
