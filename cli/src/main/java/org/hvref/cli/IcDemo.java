package org.hvref.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyProgressListener;
import org.hvref.ic.filecopy.FileCopyTarget;
import org.hvref.ic.filecopy.FileCopyFlags;
import org.hvref.ic.heartbeat.HeartbeatHostService;
import org.hvref.ic.heartbeat.HeartbeatListener;
import org.hvref.ic.heartbeat.HeartbeatResponder;
import org.hvref.ic.shutdown.ShutdownAction;
import org.hvref.ic.shutdown.ShutdownDaemon;
import org.hvref.ic.shutdown.ShutdownHandler;
import org.hvref.ic.shutdown.ShutdownHostService;
import org.hvref.ic.shutdown.ShutdownResult;
import org.hvref.ic.timesync.GuestClock;
import org.hvref.ic.timesync.ReferenceCounter;
import org.hvref.ic.timesync.TimeSyncDaemon;
import org.hvref.ic.timesync.TimeSyncHostService;
import org.hvref.machine.IcServicePair;
import org.hvref.machine.ReferenceMachine;

/**
 * The demo's integration services, run on the demo's machine after the echo part (the guest still connected):
 * heartbeat rounds, a time sync of a guest clock that starts an hour off, a file copied from a host temporary file
 * into a guest root, and a shutdown request the guest agrees to (its handler only records it). Every guest daemon
 * follows the MacHyperVSupport family. Each channel keeps its own IcNegotiation trace; the copy also has a FileCopy
 * trace. All four channels are closed at the end.
 */
final class IcDemo {
    /** The guest family of every daemon. */
    static final IcVersionPolicy FAMILY = IcVersionPolicy.MAC_HYPERV_SUPPORT;
    /** Heartbeat ticks. */
    static final int HEARTBEAT_TICKS = 5;
    /** First heartbeat sequence number. */
    static final long FIRST_SEQUENCE = 100;
    /** Bytes of the copied file. */
    static final int COPY_BYTES = 300 * 1024;
    /** Where the copy lands under the guest root (CREATE_PATH makes the directory). */
    static final String COPY_TARGET = "demo/payload.bin";
    /** How far behind the host the guest clock starts. */
    static final Duration CLOCK_OFFSET = Duration.ofHours(1);
    /** How far the guest clock drifts before the SAMPLE (inside the 500 ms MacHyperVSupport threshold). */
    static final Duration DRIFT = Duration.ofMillis(200);
    /** The host's (fixed) clock: the demo's figures do not depend on the wall clock. */
    static final Instant HOST_TIME = Instant.parse("2026-01-01T00:00:00Z");
    /** What the guest's shutdown handler records instead of powering off. */
    static final String POWER_OFF = "power off requested";

    /** Heartbeat figures. */
    record Heartbeat(int relid, long ticks, long rounds, long missed, long answered, long firstSequence,
                     long lastAnswer) {
    }

    /** Time-sync figures (nanosecond offsets of the guest clock from host time). */
    record TimeSync(int relid, String layout, long offsetBefore, long offsetAfterSync, long offsetBeforeSample,
                    long offsetAfterSample, long steps, long answered) {
    }

    /** Shutdown figures. */
    record Shutdown(int relid, ShutdownResult result, List<String> handlerLog) {
    }

    /** What the IC part did. */
    record Report(Heartbeat heartbeat, TimeSync timeSync, GuestCopy.Report copy, String hostSha256,
                  String guestSha256, Shutdown shutdown, List<List<Map<String, Object>>> icTraces) {
    }

    /** The guest's wall clock: starts where told, moves only when stepped or drifted. */
    static final class FakeGuestClock implements GuestClock {
        private final AtomicLong now;
        private final AtomicLong steps = new AtomicLong();

        FakeGuestClock(long startNanos) {
            now = new AtomicLong(startNanos);
        }

        @Override
        public long nowNanos() {
            return now.get();
        }

        @Override
        public void step(long unixNanos) {
            now.set(unixNanos);
            steps.incrementAndGet();
        }

        void drift(Duration d) {
            now.addAndGet(d.toNanos());
        }

        long steps() {
            return steps.get();
        }
    }

    /** A shutdown handler that always agrees and records the request instead of acting on it. */
    static final class RecordingShutdownHandler implements ShutdownHandler {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletionStage<Boolean> canPerform(ShutdownAction action) {
            log.add("asked: " + action);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void perform(ShutdownAction action, boolean force) {
            log.add(action == ShutdownAction.SHUT_DOWN ? POWER_OFF : action + " requested");
        }
    }

    private IcDemo() {
    }

    /**
     * Runs the four services on a machine whose guest is connected.
     *
     * @param m    the machine
     * @param seed seed of the copied file's bytes
     * @return the report
     */
    static Report run(ReferenceMachine m, long seed) {
        List<IcServicePair> pairs = new ArrayList<>();
        Heartbeat heartbeat = heartbeat(m, pairs);
        TimeSync timeSync = timeSync(m, pairs);
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("hvref-demo-ic-");
            Path root = Files.createDirectory(tmp.resolve("guest-root"));
            byte[] bytes = new byte[COPY_BYTES];
            new SplittableRandom(seed).nextBytes(bytes);
            Path hostFile = Files.write(tmp.resolve("payload.bin"), bytes);
            GuestCopy.Report copy = GuestCopy.copyOnConnected(m, FAMILY, hostFile, FileCopyTarget.parse(hostFile,
                    COPY_TARGET), root, FileCopyFlags.CREATE_PATH, FileCopyProgressListener.NONE);
            String hostSha = CopyCommand.sha256(hostFile);
            String guestSha = copy.result() != null && copy.result().ok() ? CopyCommand.sha256(copy.guestFile())
                    : "(no file)";
            Shutdown shutdown = shutdown(m, pairs);
            for (IcServicePair p : pairs) {
                m.await(p.close());
            }
            m.settle();
            List<List<Map<String, Object>>> traces = new ArrayList<>();
            pairs.forEach(p -> traces.add(p.icTrace()));
            traces.add(2, copy.icTrace()); // channel order: heartbeat, time sync, file copy, shutdown
            return new Report(heartbeat, timeSync, copy, hostSha, guestSha, shutdown, List.copyOf(traces));
        } catch (IOException e) {
            throw new UncheckedIOException("demo file copy: " + e.getMessage(), e);
        } finally {
            delete(tmp);
        }
    }

    private static Heartbeat heartbeat(ReferenceMachine m, List<IcServicePair> pairs) {
        HeartbeatHostService hb = new HeartbeatHostService(FIRST_SEQUENCE, HeartbeatHostService.DEFAULT_MISS_LIMIT,
                new AtomicLong()::incrementAndGet, HeartbeatListener.NONE);
        HeartbeatResponder daemon = new HeartbeatResponder();
        IcServicePair p = m.await(m.addIcService(hb, FAMILY, daemon));
        pairs.add(p);
        m.await(p.negotiated());
        for (int i = 0; i < HEARTBEAT_TICKS; i++) {
            m.await(m.onHost("demo: heartbeat tick", hb::tick));
            m.settle();
        }
        return new Heartbeat(p.relid(), hb.ticks(), hb.rounds(), hb.missed(), daemon.answered(), FIRST_SEQUENCE,
                daemon.lastAnswer());
    }

    private static TimeSync timeSync(ReferenceMachine m, List<IcServicePair> pairs) {
        long host = HOST_TIME.getEpochSecond() * 1_000_000_000L;
        FakeGuestClock clock = new FakeGuestClock(host - CLOCK_OFFSET.toNanos());
        ReferenceCounter counter = () -> 36_000_000_000L; // one hour of 100 ns units since partition start
        TimeSyncHostService ts = new TimeSyncHostService(Clock.fixed(HOST_TIME, ZoneOffset.UTC), counter);
        long before = clock.nowNanos() - host;
        IcServicePair p = m.await(m.addIcService(ts, FAMILY, new TimeSyncDaemon(clock, counter)));
        pairs.add(p);
        m.await(p.negotiated());
        m.settle(); // the SYNC that follows every negotiation
        long afterSync = clock.nowNanos() - host;
        clock.drift(DRIFT);
        long beforeSample = clock.nowNanos() - host;
        m.await(m.onHost("demo: time sample", ts::sample));
        m.settle();
        long afterSample = clock.nowNanos() - host;
        return new TimeSync(p.relid(), ts.layout().toString(), before, afterSync, beforeSample, afterSample,
                clock.steps(), ts.answered());
    }

    private static Shutdown shutdown(ReferenceMachine m, List<IcServicePair> pairs) {
        ShutdownHostService sd = new ShutdownHostService();
        RecordingShutdownHandler handler = new RecordingShutdownHandler();
        IcServicePair p = m.await(m.addIcService(sd, FAMILY, new ShutdownDaemon(handler)));
        pairs.add(p);
        m.await(p.negotiated());
        ShutdownResult result = m.await(sd.requestShutdown(false, false));
        m.settle();
        return new Shutdown(p.relid(), result, List.copyOf(handler.log));
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: the OS cleans it up eventually
        }
    }
}
