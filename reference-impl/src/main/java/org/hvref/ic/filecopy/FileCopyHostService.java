package org.hvref.ic.filecopy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;

/**
 * The host side of the file-copy IC service (devices-ic-input-video.md §5.2): copies one host file at a time to the
 * guest by driving a {@link FileCopyHostSession} one request per channel round trip (START, WRITE chunks of at most
 * 6144 bytes in the padded layout, COMPLETE; CANCEL after a refusal or {@link #cancel()}). The copy's future
 * completes with a {@link FileCopyResult}, or fails with {@link FileCopyChannelLostException} when the channel is
 * lost, negotiation fails or the guest did not agree on fcopy 1.1 (ic §1.5). Thread-safe: {@link #copy} and
 * {@link #cancel} may be called from any thread; the channel calls the {@link IcHostService} methods.
 */
public final class FileCopyHostService implements IcHostService {
    private final SpecTracer tracer;
    private Runnable requestReady = () -> {
    };
    private Copy current;
    private String lostReason;
    private IcVersion negotiatedMessage;

    /** The copy in progress with its future and the operation awaiting an answer. */
    private static final class Copy {
        final FileCopyHostSession session;
        final CompletableFuture<FileCopyResult> future = new CompletableFuture<>();
        FileCopyOperation inFlight;
        FileCopyOperation failedOperation;

        Copy(FileCopyHostSession session) {
            this.session = session;
        }
    }

    /**
     * Creates the service.
     *
     * @param tracer receives the host's {@code FileCopy} spec events ({@link SpecTracer#OFF} for none)
     */
    public FileCopyHostService(SpecTracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** Creates an untraced service. */
    public FileCopyHostService() {
        this(SpecTracer.OFF);
    }

    @Override
    public IcService service() {
        return IcService.FCOPY;
    }

    @Override
    public void bind(Runnable callback) {
        synchronized (this) {
            this.requestReady = Objects.requireNonNull(callback, "requestReady");
            this.lostReason = null;
            this.negotiatedMessage = null;
        }
    }

    /**
     * Starts copying a host file to {@code guestPath/guestName} under the guest's root; the copy begins as soon as
     * the channel is negotiated and idle.
     *
     * @param hostFile  the file to copy
     * @param guestName the guest file name (at most 259 UTF-16 units)
     * @param guestPath the guest directory relative to the guest's root, '/'-separated ("" for the root)
     * @param flags     {@link FileCopyFlags#OVERWRITE}, {@link FileCopyFlags#CREATE_PATH}
     * @param progress  told after every acknowledged write
     * @return completes with the result; fails with {@link FileCopyChannelLostException}
     * @throws IOException              if the host file cannot be opened
     * @throws IllegalArgumentException for undefined flags or names too long for the wire
     * @throws IllegalStateException    if a copy is already in progress
     */
    public CompletableFuture<FileCopyResult> copy(Path hostFile, String guestName, String guestPath, int flags,
                                                  FileCopyProgressListener progress) throws IOException {
        Runnable ready;
        CompletableFuture<FileCopyResult> future;
        synchronized (this) {
            if (current != null) {
                throw new IllegalStateException("file copy: one in progress (expected: idle)");
            }
            FileCopyHostSession session = new FileCopyHostSession(hostFile, guestName, guestPath, flags, progress,
                    tracer);
            if (lostReason != null) {
                session.close();
                return CompletableFuture.failedFuture(new FileCopyChannelLostException(lostReason, 0));
            }
            current = new Copy(session);
            future = current.future;
            ready = requestReady;
        }
        ready.run();
        return future;
    }

    /**
     * Starts copying a host file to a guest target given as one path relative to the guest's root
     * ({@link FileCopyTarget#parse}: {@code "docs/report.pdf"}, or {@code "docs/"} to keep the host file's name).
     *
     * @param hostFile    the file to copy
     * @param guestTarget the target path
     * @param flags       {@link FileCopyFlags#OVERWRITE}, {@link FileCopyFlags#CREATE_PATH}
     * @param progress    told after every acknowledged write
     * @return as {@link #copy}
     * @throws IOException              if the host file cannot be opened
     * @throws IllegalArgumentException for undefined flags or names too long for the wire
     * @throws IllegalStateException    if a copy is already in progress
     */
    public CompletableFuture<FileCopyResult> copyTo(Path hostFile, String guestTarget, int flags,
                                                    FileCopyProgressListener progress) throws IOException {
        FileCopyTarget target = FileCopyTarget.parse(hostFile, guestTarget);
        return copy(hostFile, target.name(), target.directory(), flags, progress);
    }

    /**
     * Stops the copy in progress: CANCEL is sent next (at once, or after the answer in flight) and the future completes
     * CANCELLED; before START nothing is sent. Does nothing without a copy.
     */
    public void cancel() {
        Runnable ready;
        Copy done = null;
        synchronized (this) {
            if (current == null) {
                return;
            }
            current.session.cancel();
            if (current.session.state().terminal()) {
                done = current;
                current = null;
            }
            ready = requestReady;
        }
        if (done != null) {
            finish(done);
        } else {
            ready.run();
        }
    }

    /** @return whether a copy is in progress */
    public synchronized boolean busy() {
        return current != null;
    }

    @Override
    public void onNegotiated(IcVersion framework, IcVersion message) {
        if (!message.equals(FileCopyDaemon.MESSAGE_VERSION)) {
            onChannelLost("fcopy message version: " + message + " (expected: " + FileCopyDaemon.MESSAGE_VERSION
                    + ")");
            return;
        }
        synchronized (this) {
            negotiatedMessage = message;
        }
    }

    @Override
    public synchronized Optional<byte[]> nextRequest() {
        if (current == null || negotiatedMessage == null) {
            return Optional.empty();
        }
        Optional<FileCopyMessage> next = current.session.nextMessage();
        next.ifPresent(m -> current.inFlight = m.operation());
        if (next.isPresent() && current.session.localFailure().isPresent() && current.failedOperation == null) {
            current.failedOperation = FileCopyOperation.WRITE_TO_FILE; // the host could not read the next chunk
        }
        return next.map(FileCopyMessageCodec::encode);
    }

    @Override
    public void onResponse(IcHeader header, byte[] payload) {
        Copy done = null;
        synchronized (this) {
            Copy c = current;
            if (c == null || c.inFlight == null) {
                return; // the copy was abandoned while its request was in flight
            }
            int status = header.status();
            if (status != IcStatus.S_OK && c.failedOperation == null
                    && c.inFlight != FileCopyOperation.CANCEL_FCOPY) {
                c.failedOperation = c.inFlight;
            }
            c.inFlight = null;
            c.session.onReply(status);
            if (c.session.state().terminal()) {
                done = c;
                current = null;
            }
        }
        if (done != null) {
            finish(done);
        }
    }

    @Override
    public void onChannelLost(String why) {
        Copy lost;
        synchronized (this) {
            lostReason = "fcopy channel: " + why + " (expected: open)";
            negotiatedMessage = null;
            lost = current;
            current = null;
            if (lost != null) {
                lost.session.disconnect();
            }
        }
        if (lost != null) {
            closeQuietly(lost.session);
            lost.future.completeExceptionally(new FileCopyChannelLostException(lostReason,
                    lost.session.acknowledgedBytes()));
        }
    }

    private static void finish(Copy c) {
        FileCopyHostSession s = c.session;
        closeQuietly(s);
        HostCopyState outcome = s.state();
        int status = s.failureStatus().orElse(FileCopyStatus.S_OK);
        Optional<FileCopyOperation> failed = Optional.empty();
        if (outcome == HostCopyState.FAILED) {
            status = status == FileCopyStatus.S_OK ? FileCopyStatus.E_FAIL : status;
            failed = Optional.of(c.failedOperation == null ? FileCopyOperation.CANCEL_FCOPY : c.failedOperation);
        } else {
            status = FileCopyStatus.S_OK;
        }
        c.future.complete(new FileCopyResult(outcome, s.acknowledgedBytes(), s.totalBytes(), status, failed,
                s.localFailure()));
    }

    private static void closeQuietly(FileCopyHostSession s) {
        try {
            s.close();
        } catch (IOException e) {
            // a file opened for reading: nothing to lose
        }
    }

    @Override
    public synchronized String toString() {
        return "FileCopyHostService[" + (current == null ? "idle" : current.session.state())
                + (lostReason == null ? "" : ", lost") + "]";
    }
}
