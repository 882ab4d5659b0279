package org.hvref.ic.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.hvref.ic.filecopy.FileCopyMessageCodec;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyReply;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * The unmodified Java file-copy guest ({@link FileCopyGuestSession}) on a real root directory, with either a scripted
 * hostile host (it records the host events itself, as FileCopyTraceTest's does) or a {@link FileCopyHostSession},
 * one shared {@link RecordingTracer}, driven one FileCopy action at a time. Requests travel encoded (the guest decodes
 * them with {@link FileCopyGuestSession#handleBody}). One spec unit is {@value #UNIT} bytes; every copy carries the
 * same byte pattern, so a whole file is recognisable. {@link #observable()} reads the guest and the real file system
 * back into FileCopy's variables.
 */
final class FileCopyJavaSides implements AutoCloseable {
    /** Bytes per abstract unit of FileCopy. */
    static final int UNIT = 3;
    /** The target file name. */
    static final String TARGET = "f.bin";
    /** A file name the guest refuses (path traversal): how the host makes a START fail on demand. */
    static final String BAD_NAME = "..";
    private static final byte[] OLD = "old".getBytes(StandardCharsets.US_ASCII);

    private final Path base;
    private final Path root;
    private final boolean targetExisted;
    private final RecordingTracer tracer = new RecordingTracer();
    private final FileCopyGuestSession guest;
    private boolean hostUp = true;
    private FileCopySpecModel.Req req = FileCopySpecModel.Req.NONE;
    private FileCopyMessage inFlight;
    private FileCopyReply reply;
    private long openSize = -1;
    private long completedSize = -1;
    private int hostFiles;

    FileCopyJavaSides(boolean targetExists) {
        try {
            base = Files.createTempDirectory("hvref-fcmbt-");
            root = Files.createDirectory(base.resolve("root"));
            Files.createDirectory(base.resolve("host"));
            if (targetExists) {
                Files.write(root.resolve(TARGET), OLD);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("file copy rig: cannot create the root", e);
        }
        targetExisted = targetExists;
        guest = new FileCopyGuestSession(new FileCopyGuestConfig(root, Long.MAX_VALUE), tracer);
    }

    /** The byte pattern of every copy: {@code n} bytes. */
    static byte[] pattern(long n) {
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('A' + i % 23);
        }
        return b;
    }

    /** @return the recorded events */
    List<TraceEvent> events() {
        return tracer.events();
    }

    /** @return whether the target existed before the run (the trace validator's TraceOld) */
    boolean targetExisted() {
        return targetExisted;
    }

    /** @return the guest's status of the reply in flight, or null */
    FileCopyReply reply() {
        return reply;
    }

    /** A host file of {@code size} bytes of the pattern and a session copying it to {@code name} (flags as given). */
    FileCopyHostSession hostSession(long size, String name, boolean overwrite) throws IOException {
        Path src = Files.write(base.resolve("host").resolve("src" + hostFiles++), pattern(size));
        return new FileCopyHostSession(src, name, "", overwrite ? FileCopyFlags.OVERWRITE : 0,
            FileCopyProgressListener.NONE, tracer);
    }

    /** The session's next request, sent (its event is the session's). */
    void sessionSend(FileCopyHostSession host) {
        FileCopyMessage m = host.nextMessage().orElseThrow(() -> new IllegalStateException("host session "
            + host.state() + " sends nothing (expected: a request)"));
        inFlight = m;
        req = abstractOf(m);
    }

    /** The session takes the reply in flight. */
    void sessionReceive(FileCopyHostSession host) {
        host.onReply(reply.status());
        reply = null;
    }

    /** The guest handles the request in flight. */
    void guestStep() {
        guestHandles(false);
    }

    /** The session's host goes away. */
    void sessionVanish(FileCopyHostSession host) {
        host.disconnect();
        vanished();
    }

    private static FileCopySpecModel.Req abstractOf(FileCopyMessage m) {
        if (m instanceof StartFileCopy s) {
            return new FileCopySpecModel.Req("start", FileCopyFlags.overwrite(s.flags()) ? 1 : 0,
                units(s.fileSize()));
        }
        if (m instanceof WriteToFile w) {
            return new FileCopySpecModel.Req("write", units(w.offset()), units(w.size()));
        }
        return new FileCopySpecModel.Req(m instanceof CompleteFileCopy ? "complete" : "cancel", 0, 0);
    }

    private static int units(long bytes) {
        if (bytes % UNIT != 0) {
            throw new IllegalStateException("bytes: " + bytes + " (expected: a multiple of " + UNIT + ")");
        }
        return (int) (bytes / UNIT);
    }

    /**
     * Performs one action with the scripted host (host actions) or the guest (guest actions).
     *
     * @param a              the action
     * @param startWouldBeOk for GuestReject of a START: whether the guest would accept it (the host then names a
     *                       bad file so that it is refused)
     */
    void perform(FileCopySpecModel.Action a, boolean startWouldBeOk) {
        switch (a.name()) {
            case "HostSendStart" -> hostSend(a, "HostSendStart", "ow", a.a() == 1, "size", (long) a.b() * UNIT);
            case "HostSendWrite" -> hostSend(a, "HostSendWrite", "off", (long) a.a() * UNIT, "len",
                (long) a.b() * UNIT);
            case "HostSendComplete", "HostSendCancel" -> hostSend(a, a.name());
            case "HostReceiveReply" -> {
                record("HostReceiveReply", "ok", reply.ok());
                reply = null;
            }
            case "HostVanish" -> {
                record("HostVanish");
                vanished();
            }
            case "GuestAbandon" -> guest.abandon();
            case "GuestStartOk", "GuestWrite", "GuestComplete", "GuestReject", "GuestCancel" ->
                guestHandles(a.name().equals("GuestReject") && startWouldBeOk);
            default -> throw new IllegalArgumentException("action: " + a);
        }
    }

    private void vanished() {
        hostUp = false;
        req = FileCopySpecModel.Req.NONE;
        inFlight = null;
        reply = null;
    }

    private void hostSend(FileCopySpecModel.Action a, String event, Object... fields) {
        record(event, fields);
        req = switch (a.name()) {
            case "HostSendStart" -> new FileCopySpecModel.Req("start", a.a(), a.b());
            case "HostSendWrite" -> new FileCopySpecModel.Req("write", a.a(), a.b());
            case "HostSendComplete" -> new FileCopySpecModel.Req("complete", 0, 0);
            default -> new FileCopySpecModel.Req("cancel", 0, 0);
        };
        inFlight = null;
    }

    /** The guest handles the request in flight (built from the abstract request unless a session made it). */
    private void guestHandles(boolean badName) {
        FileCopyMessage m = inFlight;
        if (m == null) {
            m = switch (req.op()) {
                case "start" -> new StartFileCopy(badName ? BAD_NAME : TARGET, "",
                    req.x() == 1 ? FileCopyFlags.OVERWRITE : 0, (long) req.y() * UNIT);
                case "write" -> new WriteToFile((long) req.x() * UNIT, Arrays.copyOfRange(pattern(
                    (long) (req.x() + req.y()) * UNIT), req.x() * UNIT, (req.x() + req.y()) * UNIT));
                case "complete" -> new CompleteFileCopy();
                case "cancel" -> new CancelFileCopy();
                default -> throw new IllegalStateException("guest step with no request in flight");
            };
        }
        int before = tracer.events().size();
        reply = guest.handleBody(ByteBuffer.wrap(FileCopyMessageCodec.encode(m)));
        List<TraceEvent> ev = tracer.events().subList(before, tracer.events().size());
        if (ev.size() == 1 && ev.get(0).action().equals("GuestStartOk")) {
            openSize = ((Number) ev.get(0).get("size")).longValue();
        } else if (ev.size() == 1 && ev.get(0).action().equals("GuestComplete")) {
            completedSize = openSize;
        }
        req = FileCopySpecModel.Req.NONE;
        inFlight = null;
    }

    private void record(String action, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        synchronized (tracer.lock()) {
            tracer.record(action, m);
        }
    }

    /**
     * FileCopy's observable variables read from the Java sides and the real root: the temporary file (at most one,
     * named with the guest's prefix; its length in units), the target (absent, the old bytes, or a copy: whole iff it
     * is exactly the pattern of the last completed copy's declared size). Any other entry in the root fails.
     */
    Map<String, Object> observable() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("hostUp", hostUp);
        v.put("req", req.tla());
        v.put("rep", reply == null ? "none" : reply.ok() ? "ok" : "fail");
        v.put("g", guest.isOpen() ? "open" : "idle");
        try (Stream<Path> s = Files.list(root)) {
            List<Path> entries = s.toList();
            List<Path> temps = entries.stream().filter(p -> p.getFileName().toString().startsWith(
                FileCopyGuestSession.TEMP_PREFIX)).toList();
            for (Path p : entries) {
                if (!temps.contains(p) && !p.getFileName().toString().equals(TARGET)) {
                    throw new IllegalStateException("guest root: " + p + " (expected: only " + TARGET
                        + " and one temporary file)");
                }
            }
            if (temps.size() > 1) {
                throw new IllegalStateException("guest root: temporary files " + temps + " (expected: at most one)");
            }
            v.put("tempExists", !temps.isEmpty());
            long len = temps.isEmpty() ? 0 : Files.size(temps.get(0));
            v.put("tempLen", len % UNIT == 0 ? len / UNIT : -len);
            Path target = root.resolve(TARGET);
            if (!Files.exists(target)) {
                v.put("final", "none");
                v.put("finalWhole", true);
            } else {
                byte[] content = Files.readAllBytes(target);
                boolean old = Arrays.equals(content, OLD);
                v.put("final", old ? "old" : "copy");
                v.put("finalWhole", old || completedSize >= 0 && Arrays.equals(content, pattern(completedSize)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("guest root: cannot read " + root, e);
        }
        return v;
    }

    @Override
    public void close() {
        guest.close();
        try (Stream<Path> s = Files.walk(base)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("file copy rig: cannot delete " + base, e);
        }
    }

    @Override
    public String toString() {
        return "java " + observable() + " root " + root;
    }
}
