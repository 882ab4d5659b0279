package org.hvref.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hvref.channel.host.WindowsHost;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyDaemon;
import org.hvref.ic.filecopy.FileCopyGuestConfig;
import org.hvref.ic.filecopy.FileCopyHostService;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyResult;
import org.hvref.ic.filecopy.FileCopyTarget;
import org.hvref.machine.IcServicePair;
import org.hvref.machine.ReferenceMachine;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * One host-to-guest file copy over a real IC channel of a {@link ReferenceMachine}: the guest connects, the host
 * offers the file-copy service, the guest's {@link FileCopyDaemon} (rooted at the guest root) opens it, and the
 * {@link FileCopyHostService} copies the file. The channel's IcNegotiation trace and the FileCopy trace (host service
 * and daemon share one tracer) are kept for TLC.
 */
final class GuestCopy {

    /**
     * What one copy did.
     *
     * @param relid         the file-copy channel's relid
     * @param result        the copy's result, or {@code null} if the channel was lost or never negotiated
     * @param lost          why the channel was lost ({@code null} unless {@code result} is)
     * @param target        where the file was meant to land
     * @param guestFile     the target file under the guest root
     * @param targetExisted whether the target existed before the copy
     * @param icTrace       the channel's IcNegotiation trace
     * @param fileCopyTrace the FileCopy trace
     */
    record Report(int relid, FileCopyResult result, String lost, FileCopyTarget target, Path guestFile,
                  boolean targetExisted,
                  List<Map<String, Object>> icTrace, List<Map<String, Object>> fileCopyTrace) {
    }

    private GuestCopy() {
    }

    /**
     * Splits a GUESTPATH as {@link FileCopyTarget#parse} does, but keeps a leading '/' on the directory so that the
     * guest sees (and refuses) an absolute path instead of a silently relative one.
     *
     * @param hostFile  the host file (its name is kept for "dir/")
     * @param guestPath the target as the user gave it
     * @return the target
     */
    static FileCopyTarget target(Path hostFile, String guestPath) {
        FileCopyTarget t = FileCopyTarget.parse(hostFile, guestPath);
        if (guestPath.startsWith("/") && !t.directory().startsWith("/")) {
            return new FileCopyTarget("/" + t.directory(), t.name());
        }
        return t;
    }

    /**
     * Copies the file.
     *
     * @param machine   a built machine (not yet connected); the caller closes it
     * @param family    the guest family
     * @param hostFile  the host file
     * @param target    where it goes
     * @param root      the guest root
     * @param flags     file-copy flags (OVERWRITE, CREATE_PATH)
     * @param progress  told after every acknowledged write
     * @return the report
     * @throws IOException if the host file cannot be opened
     */
    static Report run(ReferenceMachine machine, IcVersionPolicy family, Path hostFile, FileCopyTarget target, Path root,
                      int flags, FileCopyProgressListener progress) throws IOException {
        machine.await(machine.client().connect());
        machine.await(machine.client().requestOffers());
        return copyOnConnected(machine, family, hostFile, target, root, flags, progress);
    }

    /**
     * Copies the file on a machine whose guest is connected: adds the file-copy pair, copies, then closes the channel
     * (the host service is told before the guest daemon).
     *
     * @return the report
     * @throws IOException if the host file cannot be opened
     */
    static Report copyOnConnected(ReferenceMachine machine, IcVersionPolicy family, Path hostFile,
                                  FileCopyTarget target, Path root, int flags, FileCopyProgressListener progress)
            throws IOException {
        Path guestFile = guestFile(root, target);
        boolean existed = guestFile != null && Files.exists(guestFile);
        RecordingTracer fileCopyTracer = new RecordingTracer();
        FileCopyHostService service = new FileCopyHostService(fileCopyTracer);
        FileCopyDaemon daemon = new FileCopyDaemon(FileCopyGuestConfig.of(root), fileCopyTracer);
        IcServicePair pair = machine.await(machine.addIcService(service, family, daemon));
        FileCopyResult result = null;
        String lost = null;
        try {
            machine.await(pair.negotiated());
            CompletableFuture<FileCopyResult> copy = service.copy(hostFile, target.name(), target.directory(), flags,
                    progress);
            result = machine.await(copy);
        } catch (CompletionException e) {
            lost = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
        }
        machine.settle();
        machine.await(pair.close());
        machine.settle();
        daemon.onChannelLost("closed"); // the channel is gone: a copy still open is abandoned (none after a result)
        return new Report(pair.relid(), result, lost, target, guestFile, existed, pair.icTrace(),
                fileCopyTracer.events().stream().map(TraceEvent::toRecord).toList());
    }

    /** The target under the root, or {@code null} if the target does not name a place inside it. */
    private static Path guestFile(Path root, FileCopyTarget target) {
        try {
            Path p = root.resolve(target.directory()).resolve(target.name()).normalize();
            return p.startsWith(root.normalize()) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** @return a built machine of the given kind */
    static ReferenceMachine machine(WindowsHost host, boolean deterministic, long seed, Duration timeout) {
        ReferenceMachine.Builder b = ReferenceMachine.builder().host(host).hangGuard(timeout);
        return (deterministic ? b.deterministic(seed) : b.concurrent()).build();
    }
}
