package org.hvref.disk.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img and qemu-io for the interop tests; a missing tool is a test failure, not a skip. */
final class QemuTools {
    private static final long TIMEOUT_SECONDS = 120;

    /** The outcome of one command. */
    record Result(int exitCode, String output) {
    }

    private QemuTools() {
    }

    /**
     * Runs a command in {@code dir}.
     *
     * @param dir     working directory
     * @param command program and arguments
     * @return exit code and combined output
     */
    static Result run(Path dir, String... command) {
        try {
            Path out = Files.createTempFile(dir, "qemu", ".out");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + ": no exit after " + TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError(command[0] + " cannot be run (install qemu-utils; .ci/run does): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Runs a command that must succeed.
     *
     * @param dir     working directory
     * @param command program and arguments
     * @return its output
     */
    static String ok(Path dir, String... command) {
        Result r = run(dir, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + r.exitCode() + " (expected: 0)\n"
                    + r.output());
        }
        return r.output();
    }

    /**
     * Runs qemu-io with one {@code -c} per command on a file of the given qemu format.
     *
     * @param dir      working directory
     * @param format   qemu format name ("vpc", "raw")
     * @param file     image
     * @param commands qemu-io commands, e.g. {@code "write -P 0xab 0 4k"}
     * @return the result
     */
    static Result qemuIo(Path dir, String format, Path file, String... commands) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        command.add(file.toString());
        return run(dir, command.toArray(String[]::new));
    }
}
