package org.hvref.ic.filecopy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;

/**
 * The guest file-copy daemon on an IC channel (devices-ic-input-video.md §5.2, §5.3, §11.4): every host request is
 * decoded and carried out by one {@link FileCopyGuestSession} while the answer is being decided, so the answer's
 * status is the outcome (S_OK, E_FAIL, ERROR_ALREADY_EXISTS, ERROR_DISK_FULL). A malformed body or a request whose
 * header does not carry message version 1.1 (ic §1.5: fcopy 1.1 only) is answered E_FAIL; nothing is left to do
 * after the answer. When the channel goes away the copy in progress is abandoned (no target, no temporary file).
 * Thread-safe: the answer and the channel loss may come from different threads.
 */
public final class FileCopyDaemon implements IcRequestConsumer, AutoCloseable {
    /** The only fcopy message version (ic §1.5; L-fcopy-uio WIN8_SRV_VERSION; MHV HyperVFileCopy). */
    public static final IcVersion MESSAGE_VERSION = IcService.FCOPY.linuxVersions().get(0);

    private final FileCopyGuestSession session;
    private FileCopyReply lastReply;

    /**
     * Serves requests with an existing session (the daemon owns it from now on).
     *
     * @param session the guest session
     */
    public FileCopyDaemon(FileCopyGuestSession session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Serves requests under a root directory.
     *
     * @param config the root and limits
     * @param tracer receives the {@code FileCopy} spec events ({@link SpecTracer#OFF} for none)
     */
    public FileCopyDaemon(FileCopyGuestConfig config, SpecTracer tracer) {
        this(new FileCopyGuestSession(config, tracer));
    }

    /** Never acts after the answer: the file operation is the answer (ic §5.2: the status reports its outcome). */
    @Override
    public void onRequest(IcServiceRequest request) {
        // everything happened in answer()
    }

    /**
     * Decodes the fcopy body, performs it and returns the status; never throws for host input.
     *
     * @param header        the request's IC header
     * @param answerPayload the body (echoed unchanged in the answer, as the Linux and macOS daemons do)
     * @return the HRESULT ({@link FileCopyStatus})
     */
    @Override
    public synchronized int answer(IcHeader header, ByteBuffer answerPayload) {
        if (!header.messageVersion().equals(MESSAGE_VERSION)) {
            lastReply = FileCopyReply.failed(FileCopyStatus.E_FAIL, new MalformedFileCopyMessageException(
                    FileCopyMessageError.BAD_VERSION, "fcopy icvermsg: " + header.messageVersion()
                            + " (expected: " + MESSAGE_VERSION + ")"));
            return lastReply.status();
        }
        lastReply = session.handleBody(answerPayload.duplicate());
        return lastReply.status();
    }

    /** @return the reply to the last request (its refusal reason when not S_OK), empty before the first */
    public synchronized Optional<FileCopyReply> lastReply() {
        return Optional.ofNullable(lastReply);
    }

    /** @return whether a copy is open (between an accepted START and its COMPLETE, CANCEL or refusal) */
    public synchronized boolean copyInProgress() {
        return session.isOpen();
    }

    /** @return the guest root every file lands under */
    public Path root() {
        return session.root();
    }

    /**
     * The channel is closed or rescinded (the host is gone): the copy in progress, if any, is abandoned and leaves
     * nothing behind (spec action {@code GuestAbandon}).
     *
     * @param why the reason (for logs)
     */
    public synchronized void onChannelLost(String why) {
        if (session.isOpen()) {
            session.abandon();
        }
    }

    /** Same as {@link #onChannelLost} with reason "closed". */
    @Override
    public void close() {
        onChannelLost("closed");
    }

    @Override
    public synchronized String toString() {
        return "FileCopyDaemon[" + session.root() + ", open=" + session.isOpen() + "]";
    }
}
