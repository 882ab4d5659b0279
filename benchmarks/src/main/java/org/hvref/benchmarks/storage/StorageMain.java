package org.hvref.benchmarks.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.hvref.benchmarks.HostLoad;
import org.hvref.disk.DiskImage;
import org.hvref.disk.vhdx.VhdxImage;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One storage run: hvref's 4 KiB reads (JMH) and {@code qemu-img bench} on the same VHDX image, one queue depth at
 * a time, the contenders back to back within each depth. Per depth: the JMH benchmarks of that depth (the
 * {@link DiskImageReadBenchmark} floor at depth 1 only; the guest benchmarks with {@code -p depth=D}), then a
 * {@link QemuBenchPhase} at {@code -d D} per AIO engine ({@value #QEMU_AIO_PROPERTY}).
 *
 * <p>Disturbance is measured per depth as the share of all CPUs used by other processes
 * ({@link HostLoad#othersShare}: busy time minus this JVM's and its reaped children's, i.e. the JMH fork and
 * qemu-img); CPU pressure (PSI) is logged too but says little here, because qemu-img's 32 worker threads at depth
 * 32 make their own pressure. {@value #ATTEMPTS_PROPERTY} &gt; 1 reruns a depth whose others' share exceeds
 * {@value #MAX_LOAD_PROPERTY} and keeps the least disturbed round (by that share, never by score).
 *
 * <p>The image ({@value StorageImage#IMAGE_PROPERTY}) is created by hvref when missing ({@link StorageImage}) and
 * checked by qemu before anything is measured: {@code qemu-img check} clean, {@code qemu-img map} all data.
 * Writes the JSON ({@value #JSON_FILE_PROPERTY}: JMH's results, every qemu-img run, pressure) and the Markdown
 * table ({@value #TABLE_FILE_PROPERTY}).
 */
public final class StorageMain {
    /** System property: where to write the JSON (optional). */
    public static final String JSON_FILE_PROPERTY = "hvref.jsonFile";

    /** System property: where to write the Markdown table (optional). */
    public static final String TABLE_FILE_PROPERTY = "hvref.tableFile";

    /** System property: comma-separated queue depths (default {@code 1,32}). */
    public static final String DEPTHS_PROPERTY = "hvref.depths";

    /** System property: the qemu-img program (default {@code qemu-img}). */
    public static final String QEMU_IMG_PROPERTY = "hvref.qemuImg";

    /** System property: comma-separated qemu-img bench AIO engines (default {@code io_uring,threads}). */
    public static final String QEMU_AIO_PROPERTY = "hvref.qemuAio";

    /** System property: qemu-img bench warm-up runs per depth (default 1). */
    public static final String QEMU_WARMUPS_PROPERTY = "hvref.qemuWarmups";

    /** System property: qemu-img bench measured runs per depth (default 5). */
    public static final String QEMU_ITERATIONS_PROPERTY = "hvref.qemuIterations";

    /** System property: target seconds of one qemu-img bench run's request loop (default 1). */
    public static final String QEMU_SECONDS_PROPERTY = "hvref.qemuSeconds";

    /** System property: rounds per depth at most (default 1). */
    public static final String ATTEMPTS_PROPERTY = "hvref.attempts";

    /** System property: share of all CPUs used by others under which a round is kept at once (default 0.05). */
    public static final String MAX_LOAD_PROPERTY = "hvref.maxLoad";

    /** System property: seconds to wait for an idle machine before each round (default 0). */
    public static final String WAIT_IDLE_PROPERTY = "hvref.waitIdleSeconds";

    /** Default image path, relative to the working directory. */
    static final String DEFAULT_IMAGE = "benchmarks/target/storage/bench.vhdx";

    /** The guest (StorVSC through the machine) benchmarks: run at every depth with {@code -p depth=D}. */
    static final List<String> GUEST_BENCHMARKS = List.of("org.hvref.benchmarks.storage.StorvscReadBenchmark");

    private static final double IDLE_BUSY = 0.10;

    private StorageMain() {
    }

    /**
     * Entry point.
     *
     * @param args JMH options (e.g. {@code -f 1 -wi 3 -i 5 -w 1s -r 1s}) without benchmark names, {@code -rf} or
     *             {@code -rff}
     * @throws Exception if the image cannot be prepared, a benchmark fails or a result cannot be written
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.getResult().hasValue() || options.getResultFormat().hasValue()
                || !options.getIncludes().isEmpty()) {
            throw new IllegalArgumentException("options " + String.join(" ", args)
                    + " (expected: no -rf/-rff and no benchmark names; StorageMain chooses them per depth)");
        }
        Path imagePath = Path.of(System.getProperty(StorageImage.IMAGE_PROPERTY, DEFAULT_IMAGE)).toAbsolutePath();
        String qemuImg = System.getProperty(QEMU_IMG_PROPERTY, "qemu-img");
        long size = prepareImage(imagePath, qemuImg);
        long blocks = size / ReadPattern.BLOCK;
        List<QemuBenchPhase> qemuPhases = new ArrayList<>();
        for (String aio : System.getProperty(QEMU_AIO_PROPERTY, "io_uring,threads").split(",")) {
            qemuPhases.add(new QemuBenchPhase(
                    new QemuImgBench(qemuImg, "vhdx", aio.strip(), imagePath, ReadPattern.BLOCK,
                            ReadPattern.strideBlocks(blocks) * ReadPattern.BLOCK, Duration.ofMinutes(5)),
                    blocks, Integer.getInteger(QEMU_WARMUPS_PROPERTY, 1),
                    Integer.getInteger(QEMU_ITERATIONS_PROPERTY, 5),
                    Double.parseDouble(System.getProperty(QEMU_SECONDS_PROPERTY, "1"))));
        }
        int attempts = Integer.getInteger(ATTEMPTS_PROPERTY, 1);
        double maxLoad = Double.parseDouble(System.getProperty(MAX_LOAD_PROPERTY, "0.05"));
        Duration waitIdle = Duration.ofSeconds(Integer.getInteger(WAIT_IDLE_PROPERTY, 0));

        List<RunResult> jmhResults = new ArrayList<>();
        List<QemuBenchPhase.Outcome> qemuOutcomes = new ArrayList<>();
        Map<Integer, Double> pressureByDepth = new TreeMap<>();
        Map<Integer, Double> loadByDepth = new TreeMap<>();
        for (int depth : depths(System.getProperty(DEPTHS_PROPERTY, "1,32"))) {
            Round kept = null;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                if (!waitIdle.isZero()) {
                    boolean idle = HostLoad.awaitIdle(IDLE_BUSY, waitIdle);
                    log(depth, attempt, idle ? "machine idle" : "machine still busy after " + waitIdle);
                }
                OptionalLong before = HostLoad.cpuPressureMicros();
                Optional<HostLoad.CpuSample> cpuBefore = HostLoad.sample();
                long start = System.nanoTime();
                Collection<RunResult> jmh = runJmh(options, imagePath, depth);
                List<QemuBenchPhase.Outcome> outcomes = new ArrayList<>();
                for (QemuBenchPhase phase : qemuPhases) {
                    outcomes.add(phase.run(depth));
                }
                long wallMicros = (System.nanoTime() - start) / 1000;
                OptionalLong after = HostLoad.cpuPressureMicros();
                OptionalDouble others = HostLoad.othersShare(cpuBefore, HostLoad.sample());
                double pressure = before.isPresent() && after.isPresent() && wallMicros > 0
                        ? (double) (after.getAsLong() - before.getAsLong()) / wallMicros : Double.NaN;
                double load = others.orElse(Double.NaN);
                log(depth, attempt, String.format(Locale.ROOT, "CPU used by other processes %.1f%% of all CPUs;"
                        + " CPU pressure %.1f%%", 100 * load, 100 * pressure));
                if (kept == null || load < kept.load()) {
                    kept = new Round(jmh, outcomes, load, pressure);
                }
                if (Double.isNaN(load) || load <= maxLoad) {
                    break;
                }
            }
            jmhResults.addAll(kept.jmh());
            qemuOutcomes.addAll(kept.qemu());
            pressureByDepth.put(depth, kept.pressure());
            loadByDepth.put(depth, kept.load());
        }

        List<StorageResult> results = new ArrayList<>();
        jmhResults.forEach(r -> results.add(StorageResult.of(r)));
        qemuOutcomes.forEach(o -> results.add(o.result()));
        String table = StorageTable.render(results, loadByDepth);
        System.out.println();
        System.out.print(table);
        String tableFile = System.getProperty(TABLE_FILE_PROPERTY);
        if (tableFile != null) {
            Files.writeString(Path.of(tableFile), table, StandardCharsets.UTF_8);
        }
        String jsonFile = System.getProperty(JSON_FILE_PROPERTY);
        if (jsonFile != null) {
            Files.writeString(Path.of(jsonFile), json(jmhResults, qemuOutcomes, qemuPhases.get(0), loadByDepth,
                    pressureByDepth, imagePath), StandardCharsets.UTF_8);
        }
    }

    private record Round(Collection<RunResult> jmh, List<QemuBenchPhase.Outcome> qemu, double load,
                         double pressure) {
    }

    /**
     * Parses the depth list.
     *
     * @param text e.g. {@code 1,32}
     * @return the depths in the given order
     * @throws IllegalArgumentException if one is not a positive integer
     */
    static List<Integer> depths(String text) {
        List<Integer> depths = new ArrayList<>();
        for (String field : text.split(",")) {
            int depth = Integer.parseInt(field.strip());
            if (depth <= 0) {
                throw new IllegalArgumentException("depth " + depth + " (expected: > 0)");
            }
            depths.add(depth);
        }
        return depths;
    }

    /**
     * The JMH benchmarks run at one depth: the disk floor at depth 1; every guest benchmark on the class path.
     *
     * @param depth queue depth
     * @return regular expressions for JMH's include list (may be empty)
     */
    static List<String> includes(int depth) {
        List<String> includes = new ArrayList<>();
        if (depth == 1) {
            includes.add(quote(DiskImageReadBenchmark.class.getName()) + "\\.");
        }
        for (String guest : GUEST_BENCHMARKS) {
            try {
                Class.forName(guest, false, StorageMain.class.getClassLoader());
                includes.add(quote(guest) + "\\.");
            } catch (ClassNotFoundException e) {
                // not built yet: qemu-img and the floor only
            }
        }
        return includes;
    }

    private static String quote(String className) {
        return className.replace(".", "\\.");
    }

    private static Collection<RunResult> runJmh(CommandLineOptions options, Path image, int depth)
            throws RunnerException {
        List<String> includes = includes(depth);
        if (includes.isEmpty()) {
            return List.of();
        }
        ChainedOptionsBuilder builder = new OptionsBuilder().parent(options)
                .param("depth", Integer.toString(depth))
                .jvmArgsAppend("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                        "-D" + StorageImage.IMAGE_PROPERTY + "=" + image);
        includes.forEach(builder::include);
        return new Runner(builder.build()).run();
    }

    private static long prepareImage(Path path, String qemuImg) throws IOException, InterruptedException {
        if (!Files.exists(path)) {
            Files.createDirectories(path.getParent());
            long size = Long.getLong("hvref.storageSize", StorageImage.DEFAULT_SIZE);
            System.out.printf("# hvref: creating %s (%d MiB, every block written)%n", path, size >> 20);
            StorageImage.create(path, size);
        }
        long size;
        try (DiskImage image = VhdxImage.open(path, true)) {
            size = image.size();
        }
        StorageImage.verifyWithQemu(qemuImg, path, size);
        System.out.printf("# hvref: %s: %d MiB, qemu-img check clean, qemu-img map all data%n", path, size >> 20);
        return size;
    }

    private static String json(List<RunResult> jmh, List<QemuBenchPhase.Outcome> qemu, QemuBenchPhase phase,
                               Map<Integer, Double> load, Map<Integer, Double> pressure, Path image) {
        ByteArrayOutputStream jmhJson = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(jmhJson, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(jmh);
        }
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"image\": \"").append(image.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\n");
        s.append("  \"qemuStepBytes\": ").append(phase.bench().step()).append(",\n");
        s.append("  \"othersCpuShareByDepth\": ").append(jsonMap(load)).append(",\n");
        s.append("  \"cpuPressureByDepth\": ").append(jsonMap(pressure)).append(",\n");
        s.append("  \"qemu\": [\n");
        List<String> outcomes = new ArrayList<>();
        for (QemuBenchPhase.Outcome o : qemu) {
            String runs = String.join(", ", o.runs().stream().map(r -> Double.toString(r.seconds())).toList());
            outcomes.add(String.format(Locale.ROOT, "    {\"contender\": \"%s\", \"depth\": %d, \"requestsPerRun\": %d,"
                    + " \"seconds\": [%s], \"iops\": %s, \"iopsError\": %s}", o.result().contender(), o.depth(),
                    o.requests(), runs, o.result().iops(),
                    Double.isNaN(o.result().iopsError()) ? "null" : Double.toString(o.result().iopsError())));
        }
        s.append(String.join(",\n", outcomes)).append("\n  ],\n  \"jmh\": ");
        s.append(jmhJson.toString(StandardCharsets.UTF_8).strip()).append("\n}\n");
        return s.toString();
    }

    private static String jsonMap(Map<Integer, Double> values) {
        return "{" + String.join(", ", values.entrySet().stream().map(e -> String.format(Locale.ROOT, "\"%d\": %s",
                e.getKey(), e.getValue().isNaN() ? "null" : Double.toString(e.getValue()))).toList()) + "}";
    }

    private static void log(int depth, int attempt, String message) {
        System.out.printf("# hvref: depth=%d attempt %d: %s%n", depth, attempt, message);
    }
}
