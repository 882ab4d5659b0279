package org.hvref.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hvref.spec.Manifest;
import org.hvref.spec.ManifestEntry;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcMessage;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.TlcVerdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref check}: runs TLC on the manifest's configs and compares results and state counts. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Model-check every config of spec/src/tla/manifest.json (or those matching SPEC) with TLC and compare"
                + " the verdict, violated property and distinct-state count with the manifest.",
            "Exit 0 if every config matches, 1 otherwise."})
public final class CheckCommand implements Callable<Integer> {
    /** Seconds between "still running" lines (TLC itself reports progress once a minute). */
    static final int HEARTBEAT_SECONDS = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
            description = "only configs whose spec or cfg path contains this text, e.g. MCVmbusRing_nofeat or TSO")
    String filter;

    @CommandLine.Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "5",
            description = "time limit of each TLC run (default: ${DEFAULT-VALUE})")
    int timeoutMinutes;

    @Override
    public Integer call() {
        if (timeoutMinutes < 1) {
            throw new CliException("timeout: " + timeoutMinutes + " (expected: >= 1 minute)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SpecFiles files = openSpecFiles()) {
            List<ManifestEntry> selected = select(loadManifest(files));
            TlcRunner runner = TlcRunner.usingClasspath();
            out.printf("check: %d config(s) of %s, TLC from %s%n", selected.size(), files.origin(),
                    runner.tlaToolsJar().getFileName());
            out.flush();
            List<String> drifted = new ArrayList<>();
            for (int i = 0; i < selected.size(); i++) {
                ManifestEntry entry = selected.get(i);
                out.printf("[%d/%d] %s: expect %s, %d distinct states%n", i + 1, selected.size(), entry.cfg(),
                        expected(entry), entry.distinctStates());
                out.flush();
                if (!checkOne(runner, files.root(), entry, out)) {
                    drifted.add(entry.cfg());
                }
            }
            if (drifted.isEmpty()) {
                out.printf("check: all %d config(s) match the manifest%n", selected.size());
            } else {
                out.printf("check: %d of %d config(s) drifted from the manifest: %s%n", drifted.size(),
                        selected.size(), String.join(", ", drifted));
            }
            out.flush();
            return drifted.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static SpecFiles openSpecFiles() {
        try {
            return SpecFiles.materialize();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("spec files: " + e.getMessage(), e);
        }
    }

    private static Manifest loadManifest(SpecFiles files) {
        try {
            return Manifest.load(files);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("manifest: " + e.getMessage(), e);
        }
    }

    private List<ManifestEntry> select(Manifest manifest) {
        if (filter == null) {
            return manifest.entries();
        }
        List<ManifestEntry> selected = manifest.entries().stream()
                .filter(e -> e.spec().contains(filter) || e.cfg().contains(filter)).toList();
        if (selected.isEmpty()) {
            List<String> specs = manifest.entries().stream().map(ManifestEntry::spec).distinct().toList();
            throw new CliException("spec: " + filter + " (expected: part of a spec or cfg path of manifest.json,"
                    + " e.g. one of " + specs + ")");
        }
        return selected;
    }

    private static String expected(ManifestEntry entry) {
        return entry.expect() + (entry.violated() == null ? "" : " " + entry.violated());
    }

    /** Runs one config with live progress, prints the verdict (and counterexample); true if it matches. */
    private boolean checkOne(TlcRunner runner, Path root, ManifestEntry entry, PrintWriter out) {
        AtomicReference<String> lastProgress = new AtomicReference<>("starting");
        long start = System.nanoTime();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hvref-check-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> {
            out.printf("  ... %d s, %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                    lastProgress.get());
            out.flush();
        }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        TlcResult result;
        try {
            result = runner.run(root, entry.spec(), entry.cfg(), List.of(), Duration.ofMinutes(timeoutMinutes),
                    message -> onMessage(message, lastProgress, out));
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            out.println("  ERROR   " + e.getMessage());
            out.flush();
            return false;
        } finally {
            heartbeat.shutdownNow();
        }
        List<String> drift = entry.drift(result);
        out.printf("  %s %s%n", drift.isEmpty() ? "OK     " : "DRIFTED", result.summary());
        for (String d : drift) {
            out.println("          " + d);
        }
        for (String error : result.errors()) {
            if (result.verdict() == TlcVerdict.ERROR || !drift.isEmpty()) {
                out.println("  tlc: " + error.strip().replace("\n", "\n       "));
            }
        }
        if (!result.counterexample().isEmpty()) {
            out.println("  counterexample (" + result.counterexample().states().size() + " states; later states"
                    + " show only the variables that changed):");
            out.print(indent(result.counterexample().render(), "    "));
        }
        if (result.verdict() == TlcVerdict.ERROR || result.verdict() == TlcVerdict.TIMEOUT) {
            out.println("  tlc output (last lines):");
            out.println(indent(result.outputTail(15), "    "));
        }
        out.flush();
        return drift.isEmpty();
    }

    private static void onMessage(TlcMessage message, AtomicReference<String> lastProgress, PrintWriter out) {
        if (message.code() == TlcMessage.PROGRESS) {
            String line = message.text().strip().split("\n", 2)[0];
            lastProgress.set(line);
            out.println("  " + line);
            out.flush();
        }
    }

    private static String indent(String text, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append(prefix).append(line);
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing() + "\n";
    }
}
