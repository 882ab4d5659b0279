package org.hvref.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hvref.machine.BootReport;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.StorvscTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscLun;
import org.hvref.storage.vsp.StorvscHost;
import org.hvref.trace.TraceEvent;

/**
 * Prints the demo's storage section ({@link StorageDemo.Report}): per controller the negotiated version, sub-channels
 * and scanned LUN, the patterns written, flushed and read back, the closed image's checks (hvref read-back, qemu-img
 * check); then the StorvscProtocol coverage and TLC's verdict on the controllers' traces. Nothing in it depends on
 * the wall clock except TLC's time, so a deterministic run prints it the same way every time.
 */
final class StorageReport {
    /** The spec the controllers' traces follow (storvsc/CONTRACT.md). */
    static final String SPEC = "StorvscProtocol";
    /** Hex digits of each pattern's SHA-256 shown. */
    static final int SHA_DIGITS = 16;

    private StorageReport() {
    }

    /**
     * @param out   where the lines go
     * @param files the materialized spec tree
     * @param r     the storage part's report
     * @param disks the images
     * @param boot  the boot (its channel trace)
     * @return whether every disk was found, every pattern read back equal, both checks passed on both images and TLC
     *     accepted the traces
     */
    static boolean print(PrintWriter out, SpecFiles files, StorageDemo.Report r, DemoDisks disks, BootReport boot) {
        out.printf("storage: a SCSI and an IDE disk on VHDX in the same boot, before UNLOAD (the host accepts VSTOR %s;"
                + " the guest offers %s)%n", versions(r.hostAccepts()), versions(StorageVersions.GUEST_OFFERS));
        out.printf("  images    %s, created by hvref %s%n", DemoDisks.DISKS.stream().map(DemoDisks.Disk::describe)
                .collect(Collectors.joining(" and ")), disks.kept() ? "in " + disks.dir() + " (kept)"
                : "in a temporary directory (deleted afterwards)");
        List<String> failures = new ArrayList<>();
        List<Integer> relids = new ArrayList<>();
        for (StorageDemo.Controller c : r.controllers()) {
            String name = c.disk().controller().name().toLowerCase(java.util.Locale.ROOT);
            relids.add(c.relid());
            relids.addAll(c.subRelids());
            out.printf("  %-9s relid %d: VSTOR %s negotiated, %s; scan: %s%n", name, c.relid(), c.version(),
                    subChannels(c), c.luns().stream().map(StorageReport::lun).collect(Collectors.joining(", ")));
            out.printf("  %-9s %s written in %d WRITE(16)s (at most %s each, all in flight), SYNCHRONIZE CACHE, read "
                    + "back in %d READ(16)s: SHA-256 %s%n", name + " io",
                    c.patterns().stream().map(p -> p.write().describe()).collect(Collectors.joining(", ")),
                    c.patterns().stream().mapToInt(StorageDemo.Pattern::writeSrbs).sum(),
                    DemoDisks.size(StorageDemo.MAX_TRANSFER),
                    c.patterns().stream().mapToInt(StorageDemo.Pattern::readSrbs).sum(), shas(c.patterns()));
            DemoDisks.Checked k = c.checked();
            out.printf("  image     %s closed (%d-byte file): %s; %s%n", c.disk().fileName(), k.fileBytes(),
                    k.readBack().line(), k.qemu().line());
            if (!c.ok()) {
                failures.add(name + " (figures above)");
            }
        }
        long channelEvents = boot.events().stream()
                .filter(e -> e.fields().get("r") instanceof Number n && relids.contains(n.intValue())).count();
        out.printf("  channels  %d controllers, %d channels (relids %s) hot-offered, opened and closed: %d of the %d "
                + "VmbusChannel events above%n", r.controllers().size(), relids.size(), relids.stream()
                .map(String::valueOf).collect(Collectors.joining(", ")), channelEvents, boot.events().size());
        List<List<Map<String, Object>>> traces = r.traces();
        List<String> actions = traces.stream().flatMap(List::stream).map(e -> (String) e.get(TraceEvent.ACTION_KEY))
                .toList();
        out.printf("  coverage  %s%n", SpecCoverage.of(SPEC, actions, StorvscClient.class,
                StorvscHost.class, StorvscTrace.class).line());
        boolean accepted = validate(out, files, traces);
        for (String failed : failures) {
            out.printf("  FAILED    %s%n", failed);
        }
        out.flush();
        return failures.isEmpty() && accepted;
    }

    private static boolean validate(PrintWriter out, SpecFiles files, List<List<Map<String, Object>>> traces) {
        out.printf("  TLC       validating %d StorvscProtocol events (%d controller trace(s)) against %s.tla ...%n",
                traces.stream().mapToInt(List::size).sum(), traces.size(), StorvscTraceValidator.SPEC);
        out.flush();
        long start = System.nanoTime();
        TraceVerdict verdict;
        try {
            verdict = new StorvscTraceValidator(TlcRunner.usingClasspath(), files).validate(traces);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("StorvscProtocol trace validation: " + e.getMessage(), e);
        }
        DemoCommand.printVerdict(out, verdict, SPEC,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        return verdict.accepted();
    }

    private static String subChannels(StorageDemo.Controller c) {
        if (!c.subRelids().isEmpty() || c.openSubs() > 0) {
            return plural(c.subRelids().size(), "sub-channel") + " offered (" + (c.subRelids().size() == 1 ? "relid "
                    : "relids ") + c.subRelids().stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "), " + c.openSubs() + " opened by the guest";
        }
        if (c.disk().controller() == StorvscDeviceClass.IDE) {
            return "no sub-channels (IDE)";
        }
        return c.version().isAtLeast(VstorProtocolVersion.WIN8) ? "no sub-channels"
                : "no sub-channels (multi-channel needs 5.1)";
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String lun(StorvscLun l) {
        return "LUN " + l.lun() + " " + l.vendor() + " " + l.product() + ", " + l.blockCount() + " blocks of "
                + l.blockSize() + " bytes (" + DemoDisks.size(l.capacityBytes()) + ")";
    }

    private static String shas(List<StorageDemo.Pattern> patterns) {
        boolean equal = patterns.stream().allMatch(StorageDemo.Pattern::equal);
        return (equal ? "equal (" : "DIFFERENT (") + patterns.stream().map(p -> p.equal()
                ? p.sha256().substring(0, SHA_DIGITS) : p.sha256().substring(0, SHA_DIGITS) + " written, "
                + p.readSha256().substring(0, SHA_DIGITS) + " read").collect(Collectors.joining(", ")) + ")";
    }

    private static String versions(List<VstorProtocolVersion> versions) {
        return versions.stream().map(VstorProtocolVersion::toString).collect(Collectors.joining(", "));
    }
}
