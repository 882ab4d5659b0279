package org.hvref.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.filecopy.FileCopyGuestSession;
import org.hvref.ic.filecopy.FileCopyHostSession;
import org.hvref.machine.BootReport;
import org.hvref.machine.ChannelRingTraces;
import org.hvref.machine.GuestDevices;
import org.hvref.machine.ReferenceGuest;
import org.hvref.ring.RingActions;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.TraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.TraceEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref demo}: boots the reference guest against the reference host, runs the integration services
 * ({@link IcDemo}) and then a SCSI and an IDE disk on VHDX ({@link StorageDemo}) in the same boot before UNLOAD, and
 * validates the combined VMBus channel trace, both ring traces of its first echo channel, the IcNegotiation traces
 * (one per IC channel), the FileCopy trace and the StorvscProtocol traces (one per controller) with TLC; then runs a
 * writer and a reader thread over a shared ring and validates the ring trace with TLC.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Boot the reference guest against the reference host (connect, offers, open the echo devices, "
                + "exchange packets, close; then, in the same boot, heartbeat, time sync, file copy and shutdown "
                + "over IC channels; then a SCSI and an IDE disk on VHDX images the guest writes, flushes and reads "
                + "back, the images checked afterwards by hvref and qemu-img check; unload) and validate the channel "
                + "trace, the first echo channel's two ring traces, the IcNegotiation traces, the FileCopy trace and "
                + "the StorvscProtocol traces with TLC; then run a writer and a reader thread over a shared ring and "
                + "validate the ring trace with TLC."})
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--host", paramLabel = "PRESET", defaultValue = "WINDOWS_SERVER_2022",
            description = "Windows host to emulate, one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    WindowsHost host;

    @CommandLine.Option(names = "--deterministic",
            description = "boot in deterministic mode (one thread, the seed picks every step) instead of concurrent")
    boolean deterministic;

    @CommandLine.Option(names = "--packets", paramLabel = "N", defaultValue = "1000",
            description = "echo packets per channel, and ring packets (default: ${DEFAULT-VALUE})")
    int packets;

    @CommandLine.Option(names = "--max-payload", paramLabel = "BYTES", defaultValue = "1500",
            description = "largest ring payload; sizes are drawn from 8..BYTES (default: ${DEFAULT-VALUE})")
    int maxPayload;

    @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the deterministic scheduler and of the ring payload sizes (default: "
                    + "${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "hang guard of the concurrent boot and deadline of the ring threads; a lost wake-up shows "
                    + "as a stall (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @CommandLine.Option(names = "--disk-dir", paramLabel = "DIR",
            description = "create the storage part's images scsi.vhdx and ide.vhdx in DIR (made if missing; the "
                    + "images must not exist) and keep them, instead of a temporary directory deleted afterwards")
    java.nio.file.Path diskDir;

    @Override
    public Integer call() throws InterruptedException {
        if (packets < 1 || packets > 100_000) {
            throw new CliException("packets: " + packets + " (expected: 1..100000)");
        }
        int limit = DemoRun.maxPayloadFor(DemoRun.dataSize());
        if (maxPayload < 8 || maxPayload > limit) {
            throw new CliException("max payload: " + maxPayload + " (expected: 8.." + limit + " for a "
                    + DemoRun.dataSize() + "-byte ring)");
        }
        if (timeoutSeconds < 1) {
            throw new CliException("timeout: " + timeoutSeconds + " (expected: >= 1 second)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SpecFiles files = SpecFiles.materialize(); DemoDisks disks = DemoDisks.create(diskDir)) {
            boolean boot = boot(out, files, disks);
            boolean ring = ring(out, files);
            boolean passed = boot && ring;
            out.println(passed ? "demo: passed" : "demo: FAILED");
            out.flush();
            return passed ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (UncheckedIOException e) {
            throw new CliException("spec files: " + e.getMessage(), e);
        }
    }

    private boolean boot(PrintWriter out, SpecFiles files, DemoDisks disks) {
        out.printf("demo: the reference guest boots against the reference host (%s, newest %s), %s%n",
                host, ver(host.newest()), deterministic ? "deterministic mode (seed " + seed + ")"
                        : "concurrent mode");
        out.flush();
        long start = System.nanoTime();
        BootReport r;
        BootDemo.Result result;
        try {
            result = BootDemo.run(host, packets, deterministic, seed, Duration.ofSeconds(timeoutSeconds), disks,
                    QemuImgCheck.configured());
            r = result.boot();
        } catch (RuntimeException e) {
            out.println("  FAILED    boot: " + e);
            return false;
        }
        long bootMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        out.printf("  host      %s emulated: accepts 0.13..%s%n", host, ver(host.newest()));
        out.printf("  version   %s negotiated, message connection id %d%n", ver(r.version()),
                r.messageConnectionId());
        out.printf("  channels  %d offered, %d opened: %s%n", r.offered().size(), r.opened().size(),
                r.opened().stream().map(c -> "relid " + c.relid() + " " + c.classGuid() + "/" + c.instance())
                        .collect(Collectors.joining(", ")));
        out.printf("  hot-plug  relid %d rescinded while open, closed locally and released; re-offered as relid %d, "
                + "opened, %d packets echoed%n", r.opened().get(1).relid(), r.opened().get(2).relid(),
                ReferenceGuest.HOT_PLUG_PACKETS);
        out.printf("  gpadls    %d created (%s), %d torn down (the rescinded channel's forgotten with its relid)%n", r.gpadlsCreated().size(),
                r.gpadlsCreated().stream().map(g -> String.format("0x%x %d pages %s relid %d", g.handle(),
                        g.pages(), g.ring() ? "ring of" : "buffer on", g.relid())).collect(Collectors.joining(", ")),
                r.gpadlsTornDown().size());
        out.printf("  packets   %d echoed intact: %d requests, %d GPA-direct, %d posts%n", r.packets().total(),
                r.packets().requests(), r.packets().gpaDirect(), r.packets().posts());
        out.printf("  modify    %s%n", r.modifiedTargetVp() ? "target VP moved (MODIFYCHANNEL)"
                : "not used (needs 4.1)");
        out.printf("  unload    %s%n", r.unloaded() ? "done" : "not sent (0.13 has no UNLOAD_RESPONSE)");
        out.printf("  time      %d ms, %d trace events%n", bootMillis, r.events().size());
        SpecCoverage coverage = SpecCoverage.of(VmbusServer.SPEC,
                r.events().stream().map(TraceEvent::action).toList(), VmbusClient.class, VmbusServer.class);
        out.printf("  coverage  %s%n", coverage.line());
        out.printf("  TLC       validating %d events against %s.tla ...%n", r.events().size(),
                ChannelTraceValidator.SPEC);
        out.flush();
        List<Map<String, Object>> trace = r.events().stream().map(TraceEvent::toRecord).toList();
        start = System.nanoTime();
        TraceVerdict verdict;
        try {
            verdict = new ChannelTraceValidator(TlcRunner.usingClasspath(), files).validate(List.of(trace));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("channel trace validation: " + e.getMessage(), e);
        }
        printVerdict(out, verdict, "VmbusChannel", Duration.ofNanos(System.nanoTime() - start).toMillis());
        boolean rings = echoRings(out, files, r);
        int expected = packets * 2 + ReferenceGuest.HOT_PLUG_PACKETS + (r.modifiedTargetVp() ? 2 : 0);
        boolean ok = r.packets().total() == expected && verdict.accepted() && rings;
        if (r.packets().total() != expected) {
            out.printf("  FAILED    packets: %d (expected: %d)%n", r.packets().total(), expected);
        }
        boolean ic = ic(out, files, result.ic(), r);
        return StorageReport.print(out, files, result.storage(), disks, r) && ic && ok;
    }

    private static boolean ic(PrintWriter out, SpecFiles files, IcDemo.Report r, BootReport boot) {
        out.printf("ic: the integration services in the same boot, before UNLOAD (%s guest daemons)%n",
                IcDemo.FAMILY);
        IcDemo.Heartbeat hb = r.heartbeat();
        boolean hbOk = hb.ticks() == IcDemo.HEARTBEAT_TICKS && hb.rounds() == hb.ticks() && hb.missed() == 0
                && hb.answered() == hb.ticks();
        out.printf("  heartbeat relid %d: %d ticks, %d answered, %d missed (host sequences %d..%d, last guest answer "
                + "%d)%n", hb.relid(), hb.ticks(), hb.answered(), hb.missed(), hb.firstSequence(),
                hb.firstSequence() + 2 * (hb.ticks() - 1), hb.lastAnswer());
        IcDemo.TimeSync ts = r.timeSync();
        boolean tsOk = ts.offsetAfterSync() == 0 && ts.offsetAfterSample() == ts.offsetBeforeSample()
                && ts.steps() == 1 && ts.answered() == 2;
        out.printf("  timesync  relid %d (%s layout): guest clock %s s off host time; SYNC stepped it to %s s; "
                + "drifted to %s s, one SAMPLE within the 0.5 s threshold left it at %s s (%d step, %d answers)%n",
                ts.relid(), ts.layout(), seconds(ts.offsetBefore()), seconds(ts.offsetAfterSync()),
                seconds(ts.offsetBeforeSample()), seconds(ts.offsetAfterSample()), ts.steps(), ts.answered());
        GuestCopy.Report fc = r.copy();
        boolean shaEqual = r.hostSha256().equals(r.guestSha256());
        boolean fcOk = fc.result() != null && fc.result().ok() && shaEqual;
        out.printf("  filecopy  relid %d: %d random host bytes to %s under a temporary guest root: %s, SHA-256 %s"
                + "%n", fc.relid(), IcDemo.COPY_BYTES, IcDemo.COPY_TARGET, fc.result() == null ? "channel lost: "
                + fc.lost() : "status " + CopyCommand.statusName(fc.result().status()) + ", "
                + fc.result().bytesAcknowledged() + " bytes acknowledged", shaEqual ? "equal (" + r.hostSha256()
                + ")" : "DIFFERENT");
        IcDemo.Shutdown sd = r.shutdown();
        boolean sdOk = sd.result() instanceof org.hvref.ic.shutdown.ShutdownResult.Accepted
                && sd.handlerLog().contains(IcDemo.POWER_OFF);
        out.printf("  shutdown  relid %d: power-off request %s; the guest's handler recorded \"%s\" and did "
                + "nothing%n", sd.relid(), sdOk ? "accepted (S_OK)" : sd.result(),
                String.join("\", \"", sd.handlerLog()));
        List<Integer> relids = List.of(hb.relid(), ts.relid(), fc.relid(), sd.relid());
        long channelEvents = boot.events().stream()
                .filter(e -> e.fields().get("r") instanceof Number n && relids.contains(n.intValue())).count();
        out.printf("  channels  %d IC channels (relids %s) hot-offered as pipes, opened, negotiated and closed: %d of "
                + "the %d VmbusChannel events above%n", relids.size(), relids.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")), channelEvents, boot.events().size());
        List<String> icActions = r.icTraces().stream().flatMap(List::stream)
                .map(e -> (String) e.get(TraceEvent.ACTION_KEY)).toList();
        out.printf("  coverage  %s%n", SpecCoverage.of(IcActions.SPEC, icActions, IcHostNegotiator.class,
                IcServiceClient.class).line());
        List<String> fcActions = fc.fileCopyTrace().stream().map(e -> (String) e.get(TraceEvent.ACTION_KEY))
                .toList();
        out.printf("  coverage  %s%n", SpecCoverage.of(FileCopyGuestSession.SPEC, fcActions,
                FileCopyHostSession.class, FileCopyGuestSession.class).line());
        out.flush();
        boolean icAccepted = IcTraceCheck.icNegotiation(out, files, r.icTraces());
        boolean fcAccepted = IcTraceCheck.fileCopy(out, files, List.of(fc.fileCopyTrace()),
                List.of(fc.targetExisted()));
        for (String failed : new String[] {hbOk ? null : "heartbeat", tsOk ? null : "timesync",
            fcOk ? null : "filecopy", sdOk ? null : "shutdown"}) {
            if (failed != null) {
                out.printf("  FAILED    %s (figures above)%n", failed);
            }
        }
        return hbOk && tsOk && fcOk && sdOk && icAccepted && fcAccepted;
    }

    private static String seconds(long nanos) {
        return String.format("%+.3f", nanos / 1e9);
    }

    /** Validates both rings of the first echo channel (both sides' ring steps) in one TLC run of TraceVmbusRing. */
    private boolean echoRings(PrintWriter out, SpecFiles files, BootReport r) {
        if (r.ringTraces().size() != 1) {
            out.printf("  FAILED    echo ring traces: %d channels traced (expected: 1)%n", r.ringTraces().size());
            return false;
        }
        ChannelRingTraces t = r.ringTraces().get(0);
        List<Map<String, Object>> toHost = t.guestToHost().events().stream().map(TraceEvent::toRecord).toList();
        List<Map<String, Object>> toGuest = t.hostToGuest().events().stream().map(TraceEvent::toRecord).toList();
        int dataSize = GuestDevices.ringDataSize(GuestDevices.DEFAULT_RING_PAGES);
        out.printf("  rings     echo channel relid %d: guest->host %d events, host->guest %d events (both sides' "
                + "ring steps, %d data bytes each)%n", t.relid(), toHost.size(), toGuest.size(), dataSize);
        out.printf("  TLC       validating both echo rings against ring/TraceVmbusRing.tla ...%n");
        out.flush();
        long start = System.nanoTime();
        TraceVerdict verdict;
        try {
            verdict = new TraceValidator(TlcRunner.usingClasspath(), files).validate(List.of(toHost, toGuest),
                    List.of(dataSize, dataSize), List.of(ChannelRingTraces.FEAT_PENDING_SEND,
                            ChannelRingTraces.FEAT_PENDING_SEND));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("echo ring trace validation: " + e.getMessage(), e);
        }
        printVerdict(out, verdict, "VmbusRing", Duration.ofNanos(System.nanoTime() - start).toMillis());
        return verdict.accepted();
    }

    private boolean ring(PrintWriter out, SpecFiles files) throws InterruptedException {
        out.printf("ring: writer and reader threads, %d packets of 8..%d payload bytes (seed %d), ring of %d data "
                + "bytes on scattered guest pages%n", packets, maxPayload, seed, DemoRun.dataSize());
        out.flush();
        DemoRun.Report r = new DemoRun(packets, maxPayload, seed, Duration.ofSeconds(timeoutSeconds)).run();
        out.printf("  packets   %d received of %d, in order and intact: %s%n", r.packets(), packets,
                r.failure() == null ? "yes" : "NO");
        out.printf("  bytes     %d payload, %d ring bytes (with descriptors, padding, trailers)%n",
                r.payloadBytes(), r.ringBytes());
        out.printf("  signals   writer->reader %d, reader->writer %d%n", r.readerSignals(), r.writerSignals());
        out.printf("  writer    %d times full, %d sleeps on pending_send_sz%n", r.writerFull(), r.writerSleeps());
        out.printf("  reader    %d wake-ups, %d batches%n", r.readerWakes(), r.batches());
        out.printf("  time      %d ms, %d trace events%n", r.elapsed().toMillis(), r.events().size());
        if (r.failure() != null) {
            out.println("  FAILED    " + r.failure());
        }
        SpecCoverage coverage = SpecCoverage.of(RingActions.SPEC, r.events().stream().map(TraceEvent::action)
                .toList(), RingWriter.class, RingReader.class);
        out.printf("  coverage  %s%n", coverage.line());
        out.printf("  TLC       validating %d events against ring/TraceVmbusRing.tla ...%n", r.events().size());
        out.flush();
        long start = System.nanoTime();
        List<Map<String, Object>> trace = r.events().stream().map(TraceEvent::toRecord).toList();
        TraceVerdict verdict;
        try {
            verdict = new TraceValidator(TlcRunner.usingClasspath(), files)
                    .validate(List.of(trace), List.of(r.dataSize()), List.of(DemoRun.FEAT_PENDING_SEND));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("ring trace validation: " + e.getMessage(), e);
        }
        printVerdict(out, verdict, "VmbusRing", Duration.ofNanos(System.nanoTime() - start).toMillis());
        return r.failure() == null && verdict.accepted();
    }

    private static String ver(ProtocolVersion v) {
        return v.major() + "." + v.minor();
    }

    static void printVerdict(PrintWriter out, TraceVerdict verdict, String specName, long millis) {
        if (verdict instanceof TraceVerdict.Accepted accepted) {
            out.printf("  TLC       accepted: every event is a step of %s (%d distinct states, %d TLC run(s),"
                    + " %.1f s)%n", specName, accepted.distinctStates(), accepted.tlcRuns(), millis / 1000.0);
        } else if (verdict instanceof TraceVerdict.Rejected rejected) {
            out.printf("  TLC       REJECTED (%.1f s): %s%n", millis / 1000.0, rejected.message());
        }
        out.flush();
    }
}
