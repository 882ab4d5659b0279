package org.hvref.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs {@code model-tests/src/test/c/dpdk_ring_peer.c}, our C peer linked against the VMBus ring
 * objects of Debian's {@code libdpdk-dev} 22.11.
 *
 * <p>The package is looked up in {@code $HVREF_DPDK_DIR}, else in {@code <repo>/.ci/cache/dpdk} (git-ignored,
 * filled by {@code .ci/fetch-dpdk.sh}). The objects are taken out of {@code librte_bus_vmbus.a} with {@code ar x}
 * and the peer is linked with {@code gcc} into {@code model-tests/target/dpdk-peer/}. A missing compiler or
 * package is an {@link AssertionError} that says to run the fetch script: the interop check is never skipped.
 */
final class DpdkRingPeer {

    /** Environment variable naming the directory where libdpdk-dev is unpacked ({@code dpkg -x}). */
    static final String DPDK_DIR_ENV = "HVREF_DPDK_DIR";

    private static final String ARCHIVE = "usr/lib/x86_64-linux-gnu/librte_bus_vmbus.a";
    private static final List<String> OBJECTS =
            List.of("bus_vmbus_vmbus_bufring.c.o", "bus_vmbus_vmbus_channel.c.o");
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path executable;

    private DpdkRingPeer(Path executable) {
        this.executable = executable;
    }

    /** Locates DPDK, (re)builds the peer when its source or the archive changed, and returns it. */
    static synchronized DpdkRingPeer build() {
        Path module = moduleDir();
        Path repo = module.getParent();
        String configured = System.getenv(DPDK_DIR_ENV);
        Path dpdk = configured != null && !configured.isBlank()
                ? Paths.get(configured) : repo.resolve(".ci/cache/dpdk");
        Path archive = dpdk.resolve(ARCHIVE);
        Path include = dpdk.resolve("usr/include/dpdk");
        if (!Files.isRegularFile(archive) || !Files.isRegularFile(include.resolve("rte_bus_vmbus.h"))) {
            throw new AssertionError("DPDK package missing: " + archive + " (expected: libdpdk-dev 22.11 unpacked"
                    + " there; run .ci/fetch-dpdk.sh, or set " + DPDK_DIR_ENV + ")");
        }
        requireTool("gcc");
        requireTool("ar");
        Path source = module.resolve("src/test/c/dpdk_ring_peer.c");
        Path out = module.resolve("target/dpdk-peer");
        Path exe = out.resolve("dpdk_ring_peer");
        try {
            Files.createDirectories(out);
            if (!Files.isExecutable(exe) || newer(source, exe) || newer(archive, exe)) {
                List<String> ar = new ArrayList<>(List.of("ar", "x", archive.toString()));
                ar.addAll(OBJECTS);
                run(out, ar, "ar x " + archive);
                List<String> gcc = new ArrayList<>(List.of("gcc", "-std=gnu11", "-O2", "-g", "-Wall", "-Wextra",
                        "-Werror", "-I", include.toString(),
                        "-I", dpdk.resolve("usr/include/x86_64-linux-gnu/dpdk").toString(),
                        "-o", exe.toString(), source.toString()));
                OBJECTS.forEach(o -> gcc.add(out.resolve(o).toString()));
                run(out, gcc, "gcc " + source.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DpdkRingPeer(exe);
    }

    /** Output of one peer run: JSON lines, stderr and exit status. */
    record Result(int exitStatus, List<JsonNode> lines, String stderr) {

        /** The lines whose {@code op} is {@code op}. */
        List<JsonNode> op(String op) {
            return lines.stream().filter(l -> op.equals(l.path("op").asText())).toList();
        }

        /** The last {@code state} line (the control page when the peer finished). */
        JsonNode finalState() {
            List<JsonNode> states = op("state");
            if (states.isEmpty()) {
                throw new AssertionError("peer printed no state line: stderr=" + stderr);
            }
            return states.get(states.size() - 1);
        }
    }

    /** {@code dpdk_ring_peer write IMAGE < commands}: DPDK appends packets to the image. */
    Result write(Path image, List<String> commands) {
        return invoke(List.of("write", image.toString()), String.join("\n", commands) + "\n");
    }

    /** {@code dpdk_ring_peer read IMAGE}: DPDK drains the image. */
    Result read(Path image) {
        return invoke(List.of("read", image.toString()), "");
    }

    /** {@code dpdk_ring_peer read IMAGE --max N}: DPDK reads at most {@code max} packets. */
    Result read(Path image, int max) {
        return invoke(List.of("read", image.toString(), "--max", Integer.toString(max)), "");
    }

    private Result invoke(List<String> args, String stdin) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        try {
            Path in = Files.createTempFile("dpdk-peer", ".in");
            Path err = Files.createTempFile("dpdk-peer", ".err");
            try {
                Files.writeString(in, stdin, StandardCharsets.US_ASCII);
                Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("peer timed out: " + command);
                }
                List<JsonNode> lines = new ArrayList<>();
                for (String line : new String(out, StandardCharsets.US_ASCII).split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
                return new Result(p.exitValue(), lines, Files.readString(err));
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        Path dir = (basedir != null ? Paths.get(basedir) : Paths.get("")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("src/test/c/dpdk_ring_peer.c"))) {
            dir = dir.resolve("model-tests");
        }
        if (!Files.isRegularFile(dir.resolve("src/test/c/dpdk_ring_peer.c"))) {
            throw new AssertionError("model-tests module not found from: " + dir
                    + " (expected: src/test/c/dpdk_ring_peer.c)");
        }
        return dir;
    }

    private static boolean newer(Path a, Path b) throws IOException {
        FileTime ta = Files.getLastModifiedTime(a);
        return ta.compareTo(Files.getLastModifiedTime(b)) > 0;
    }

    private static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                return;
            }
        }
        throw new AssertionError(tool + " not found on PATH (expected: installed; run .ci/fetch-dpdk.sh as root)");
    }

    private static void run(Path dir, List<String> command, String what) throws IOException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(what + " failed: exit " + p.exitValue() + " (expected: 0; run"
                        + " .ci/fetch-dpdk.sh if the toolchain or package is incomplete)\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " interrupted", e);
        }
    }
}
