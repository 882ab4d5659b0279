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
 * {@link DiskImageReadBenchmark} floor at depth 1 only; the guest benchmarks with {@code -p depth=D}), then the
 * {@link QemuBenchPhase} at {@code -d D}. CPU pressure (Linux PSI) is measured over each depth's whole round;
 * {@value #ATTEMPTS_PROPERTY} &gt; 1 reruns a depth whose pressure exceeds {@value #MAX_PRESSURE_PROPERTY} and
 * keeps the least disturbed round (by pressure, never by score).
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

    /** System property: qemu-img bench warm-up runs per depth (default 1). */
    public static final String QEMU_WARMUPS_PROPERTY = "hvref.qemuWarmups";

    /** System property: qemu-img bench measured runs per depth (default 5). */
    public static final String QEMU_ITERATIONS_PROPERTY = "hvref.qemuIterations";

    /** System property: target seconds of one qemu-img bench run's request loop (default 1). */
    public static final String QEMU_SECONDS_PROPERTY = "hvref.qemuSeconds";

    /** System property: rounds per depth at most (default 1). */
    public static final String ATTEMPTS_PROPERTY = "hvref.attempts";

    /** System property: CPU pressure under which a round is kept at once (default 0.05). */
    public static final String MAX_PRESSURE_PROPERTY = "hvref.maxPressure";

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
        QemuBenchPhase qemu = new QemuBenchPhase(
                new QemuImgBench(qemuImg, "vhdx", imagePath, ReadPattern.BLOCK,
                        ReadPattern.strideBlocks(blocks) * ReadPattern.BLOCK, Duration.ofMinutes(5)),
                blocks, Integer.getInteger(QEMU_WARMUPS_PROPERTY, 1), Integer.getInteger(QEMU_ITERATIONS_PROPERTY, 5),
                Double.parseDouble(System.getProperty(QEMU_SECONDS_PROPERTY, "1")));
        int attempts = Integer.getInteger(ATTEMPTS_PROPERTY, 1);
        double maxPressure = Double.parseDouble(System.getProperty(MAX_PRESSURE_PROPERTY, "0.05"));
        Duration waitIdle = Duration.ofSeconds(Integer.getInteger(WAIT_IDLE_PROPERTY, 0));

        List<RunResult> jmhResults = new ArrayList<>();
        List<QemuBenchPhase.Outcome> qemuOutcomes = new ArrayList<>();
        Map<Integer, Double> pressureByDepth = new TreeMap<>();
        for (int depth : depths(System.getProperty(DEPTHS_PROPERTY, "1,32"))) {
            Round kept = null;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                if (!waitIdle.isZero()) {
                    boolean idle = HostLoad.awaitIdle(IDLE_BUSY, waitIdle);
                    log(depth, attempt, idle ? "machine idle" : "machine still busy after " + waitIdle);
                }
                OptionalLong before = HostLoad.cpuPressureMicros();
                long start = System.nanoTime();
                Collection<RunResult> jmh = runJmh(options, imagePath, depth);
                QemuBenchPhase.Outcome outcome = qemu.run(depth);
                long wallMicros = (System.nanoTime() - start) / 1000;
                OptionalLong after = HostLoad.cpuPressureMicros();
                double pressure = before.isPresent() && after.isPresent() && wallMicros > 0
                        ? (double) (after.getAsLong() - before.getAsLong()) / wallMicros : Double.NaN;
                log(depth, attempt, String.format(Locale.ROOT, "CPU pressure %.1f%%", 100 * pressure));
                if (kept == null || pressure < kept.pressure()) {
                    kept = new Round(jmh, outcome, pressure);
                }
                if (Double.isNaN(pressure) || pressure <= maxPressure) {
                    break;
                }
            }
            jmhResults.addAll(kept.jmh());
            qemuOutcomes.add(kept.qemu());
            pressureByDepth.put(depth, kept.pressure());
        }

        List<StorageResult> results = new ArrayList<>();
        jmhResults.forEach(r -> results.add(StorageResult.of(r)));
        qemuOutcomes.forEach(o -> results.add(o.result()));
        String table = StorageTable.render(results, pressureByDepth);
        System.out.println();
        System.out.print(table);
        String tableFile = System.getProperty(TABLE_FILE_PROPERTY);
        if (tableFile != null) {
            Files.writeString(Path.of(tableFile), table, StandardCharsets.UTF_8);
        }
        String jsonFile = System.getProperty(JSON_FILE_PROPERTY);
        if (jsonFile != null) {
            Files.writeString(Path.of(jsonFile), json(jmhResults, qemuOutcomes, qemu, pressureByDepth, imagePath),
                    StandardCharsets.UTF_8);
        }
    }

    private record Round(Collection<RunResult> jmh, QemuBenchPhase.Outcome qemu, double pressure) {
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
                               Map<Integer, Double> pressure, Path image) {
        ByteArrayOutputStream jmhJson = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(jmhJson, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(jmh);
        }
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"image\": \"").append(image.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\n");
        s.append("  \"qemuStepBytes\": ").append(phase.bench().step()).append(",\n");
        s.append("  \"pressureByDepth\": {");
        s.append(String.join(", ", pressure.entrySet().stream().map(e -> String.format(Locale.ROOT, "\"%d\": %s",
                e.getKey(), e.getValue().isNaN() ? "null" : Double.toString(e.getValue()))).toList()));
        s.append("},\n  \"qemu\": [\n");
        List<String> outcomes = new ArrayList<>();
        for (QemuBenchPhase.Outcome o : qemu) {
            String runs = String.join(", ", o.runs().stream().map(r -> Double.toString(r.seconds())).toList());
            outcomes.add(String.format(Locale.ROOT, "    {\"depth\": %d, \"requestsPerRun\": %d, \"seconds\": [%s],"
                    + " \"iops\": %s, \"iopsError\": %s}", o.depth(), o.requests(), runs, o.result().iops(),
                    Double.isNaN(o.result().iopsError()) ? "null" : Double.toString(o.result().iopsError())));
        }
        s.append(String.join(",\n", outcomes)).append("\n  ],\n  \"jmh\": ");
        s.append(jmhJson.toString(StandardCharsets.UTF_8).strip()).append("\n}\n");
        return s.toString();
    }

    private static void log(int depth, int attempt, String message) {
        System.out.printf("# hvref: depth=%d attempt %d: %s%n", depth, attempt, message);
    }
}
