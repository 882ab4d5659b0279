package org.hvref.ic.filecopy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;

/**
 * The host side of one file copy (devices-ic-input-video.md §5.2): streams a host file as START, WRITE (6144-byte
 * chunks, in order), COMPLETE, one request outstanding at a time, and ends with CANCEL after a guest refusal or
 * {@link #cancel()}. Sans-IO: {@link #nextMessage()} gives the request to send, {@link #onReply(int)} takes the
 * guest's status. Not thread-safe.
 */
public final class FileCopyHostSession implements AutoCloseable {
    /** Spec module whose actions this class performs. */
    public static final String SPEC = FileCopyGuestSession.SPEC;

    private final FileChannel file;
    private final long total;
    private final String guestFileName;
    private final String guestPath;
    private final int flags;
    private final FileCopyProgressListener progress;
    private final SpecTracer tracer;
    private HostCopyState state = HostCopyState.SEND_START;
    private long acknowledged;
    private int inFlightLength;
    private boolean cancelRequested;
    private int failureStatus = FileCopyStatus.S_OK;
    private IOException localFailure;

    /**
     * Opens the host file.
     *
     * @param hostFile      the file to copy
     * @param guestFileName the guest file name (at most 259 UTF-16 units)
     * @param guestPath     the guest directory, relative to the guest's root (at most 259 UTF-16 units)
     * @param flags         {@link FileCopyFlags}
     * @param progress      progress listener
     * @param tracer        receives one event per spec action
     * @throws IOException if the host file cannot be opened
     */
    public FileCopyHostSession(Path hostFile, String guestFileName, String guestPath, int flags,
            FileCopyProgressListener progress, SpecTracer tracer) throws IOException {
        if ((flags & ~FileCopyFlags.ALL) != 0) {
            throw new IllegalArgumentException(String.format("flags: 0x%x (expected: subset of 0x%x)", flags,
                    FileCopyFlags.ALL));
        }
        this.guestFileName = Objects.requireNonNull(guestFileName, "guestFileName");
        this.guestPath = Objects.requireNonNull(guestPath, "guestPath");
        for (String s : new String[] {guestFileName, guestPath}) {
            if (s.length() >= StartFileCopyDescriptor.MAX_PATH_UNITS) {
                throw new IllegalArgumentException("guest name: " + s.length() + " units (expected: <= "
                        + (StartFileCopyDescriptor.MAX_PATH_UNITS - 1) + ")");
            }
        }
        this.flags = flags;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.file = FileChannel.open(hostFile, StandardOpenOption.READ);
        this.total = file.size();
    }

    /** @return the current state */
    public HostCopyState state() {
        return state;
    }

    /** @return the file size announced in START */
    public long totalBytes() {
        return total;
    }

    /** @return bytes the guest acknowledged */
    public long acknowledgedBytes() {
        return acknowledged;
    }

    /** @return the guest's first failure status, or a local read failure as E_FAIL; empty while none */
    public OptionalInt failureStatus() {
        return failureStatus == FileCopyStatus.S_OK ? OptionalInt.empty() : OptionalInt.of(failureStatus);
    }

    /** @return the host-side read failure, if the host file could not be read to the end */
    public Optional<IOException> localFailure() {
        return Optional.ofNullable(localFailure);
    }

    /**
     * The next request to send, or empty while a reply is awaited or after the end. Moves to the matching AWAIT
     * state.
     *
     * @return the request
     */
    public Optional<FileCopyMessage> nextMessage() {
        return switch (state) {
            case SEND_START -> Optional.of(sendStart());
            case SEND_WRITE -> Optional.of(sendWrite());
            case SEND_COMPLETE -> Optional.of(sendComplete());
            case SEND_CANCEL -> Optional.of(sendCancel());
            case AWAIT_START, AWAIT_WRITE, AWAIT_COMPLETE, AWAIT_CANCEL, COMPLETED, CANCELLED, FAILED,
                    DISCONNECTED -> Optional.empty();
        };
    }

    /**
     * The next request as body bytes ({@link FileCopyMessageCodec#encode}).
     *
     * @return the body, or empty as for {@link #nextMessage()}
     */
    public Optional<byte[]> nextBody() {
        return nextMessage().map(FileCopyMessageCodec::encode);
    }

    @SpecAction(spec = SPEC, value = "HostSendStart")
    private FileCopyMessage sendStart() {
        trace("HostSendStart", "ow", FileCopyFlags.overwrite(flags), "size", total);
        state = HostCopyState.AWAIT_START;
        return new StartFileCopy(guestFileName, guestPath, flags, total);
    }

    private FileCopyMessage sendWrite() {
        int length = (int) Math.min(WriteToFileDescriptor.MAX_DATA_LENGTH, total - acknowledged);
        ByteBuffer chunk = ByteBuffer.allocate(length);
        try {
            while (chunk.hasRemaining()) {
                int n = file.read(chunk, acknowledged + chunk.position());
                if (n < 0) {
                    throw new IOException("host file: ends at " + (acknowledged + chunk.position())
                            + " (expected: " + total + " bytes)");
                }
            }
        } catch (IOException e) {
            localFailure = e;
            failureStatus = FileCopyStatus.E_FAIL;
            return sendCancel();
        }
        return emitWrite(acknowledged, chunk.array());
    }

    @SpecAction(spec = SPEC, value = "HostSendWrite")
    private FileCopyMessage emitWrite(long offset, byte[] data) {
        trace("HostSendWrite", "off", offset, "len", data.length);
        inFlightLength = data.length;
        state = HostCopyState.AWAIT_WRITE;
        return new WriteToFile(offset, data);
    }

    @SpecAction(spec = SPEC, value = "HostSendComplete")
    private FileCopyMessage sendComplete() {
        trace("HostSendComplete");
        state = HostCopyState.AWAIT_COMPLETE;
        return new CompleteFileCopy();
    }

    @SpecAction(spec = SPEC, value = "HostSendCancel")
    private FileCopyMessage sendCancel() {
        trace("HostSendCancel");
        state = HostCopyState.AWAIT_CANCEL;
        return new CancelFileCopy();
    }

    /**
     * Takes the guest's status for the request in flight.
     *
     * @param status the HRESULT from the guest's IC header
     * @throws IllegalStateException if no reply is awaited
     */
    @SpecAction(spec = SPEC, value = "HostReceiveReply")
    public void onReply(int status) {
        boolean ok = status == FileCopyStatus.S_OK;
        HostCopyState next = switch (state) {
            case AWAIT_START -> ok ? afterProgress() : fail(status, false);
            case AWAIT_WRITE -> {
                if (ok) {
                    acknowledged += inFlightLength;
                    progress.onProgress(acknowledged, total);
                    yield afterProgress();
                }
                yield fail(status, true);
            }
            case AWAIT_COMPLETE -> ok ? HostCopyState.COMPLETED : fail(status, true);
            case AWAIT_CANCEL -> failureStatus == FileCopyStatus.S_OK && cancelRequested ? HostCopyState.CANCELLED
                    : HostCopyState.FAILED;
            case SEND_START, SEND_WRITE, SEND_COMPLETE, SEND_CANCEL, COMPLETED, CANCELLED, FAILED, DISCONNECTED ->
                    throw new IllegalStateException("reply in state: " + state + " (expected: an AWAIT state)");
        };
        trace("HostReceiveReply", "ok", ok);
        state = next;
        inFlightLength = 0;
    }

    private HostCopyState afterProgress() {
        if (cancelRequested) {
            return HostCopyState.SEND_CANCEL;
        }
        return acknowledged == total ? HostCopyState.SEND_COMPLETE : HostCopyState.SEND_WRITE;
    }

    private HostCopyState fail(int status, boolean cleanUp) {
        failureStatus = status;
        return cleanUp ? HostCopyState.SEND_CANCEL : HostCopyState.FAILED;
    }

    /** Asks to stop: CANCEL is sent next (at once, or after the reply in flight); before START nothing is sent. */
    public void cancel() {
        switch (state) {
            case SEND_START -> state = HostCopyState.CANCELLED;
            case SEND_WRITE, SEND_COMPLETE -> {
                cancelRequested = true;
                state = HostCopyState.SEND_CANCEL;
            }
            case AWAIT_START, AWAIT_WRITE, AWAIT_COMPLETE -> cancelRequested = true;
            case SEND_CANCEL, AWAIT_CANCEL, COMPLETED, CANCELLED, FAILED, DISCONNECTED -> {
                // already stopping or ended
            }
        }
    }

    /** The host goes away mid-copy (channel closed): no further message is sent. */
    @SpecAction(spec = SPEC, value = "HostVanish")
    public void disconnect() {
        if (state.terminal()) {
            return;
        }
        trace("HostVanish");
        state = HostCopyState.DISCONNECTED;
    }

    /** Closes the host file. */
    @Override
    public void close() throws IOException {
        file.close();
    }

    private void trace(String action, Object... keyValues) {
        if (!tracer.enabled()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        synchronized (tracer.lock()) {
            tracer.record(action, fields);
        }
    }
}
