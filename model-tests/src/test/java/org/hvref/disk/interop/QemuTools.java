package org.hvref.disk.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img and qemu-io (Debian qemu-utils); a missing tool is an {@link AssertionError}, never a skip. */
final class QemuTools {
    private static final long TIMEOUT_SECONDS = 120;

    /** Exit status and combined output of one run. */
    record Result(int exitCode, String output) {
        /** @return the exit status */
        int exit() {
            return exitCode;
        }
    }

    private QemuTools() {
    }

    /**
     * Runs a command in the current directory.
     *
     * @param command program and arguments
     * @return exit status and combined output
     */
    static Result run(List<String> command) {
        return run(null, command.toArray(String[]::new));
    }

    /**
     * Runs a command.
     *
     * @param dir     working directory (and where the output is buffered), or {@code null} for the current one
     * @param command program and arguments
     * @return exit status and combined output
     */
    static Result run(Path dir, String... command) {
        Path out = null;
        try {
            out = dir == null ? Files.createTempFile("qemu", ".out") : Files.createTempFile(dir, "qemu", ".out");
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            if (dir != null) {
                b.directory(dir.toFile());
            }
            Process p = b.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + ": no exit after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (expected: qemu-utils installed;"
                    + " apt-get install qemu-utils, .ci/run does this): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file does not change a result
                }
            }
        }
    }

    /** Runs a command that must succeed (current directory) and returns its output. */
    static String ok(String... command) {
        return ok(null, command);
    }

    /**
     * Runs a command that must succeed.
     *
     * @param dir     working directory, or {@code null}
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

    /** {@code qemu-io -f vhdx} with one {@code -c} per command; fails on a non-zero exit or a pattern mismatch. */
    static String qemuIo(Path image, String... commands) {
        Result r = qemuIo(null, "vhdx", image, commands);
        if (r.exitCode() != 0 || r.output().contains("Pattern verification failed")
                || r.output().contains("failed:")) {
            throw new AssertionError("qemu-io " + String.join(" ; ", commands) + " exited " + r.exitCode() + ":\n"
                    + r.output());
        }
        return r.output();
    }

    /**
     * Runs qemu-io with one {@code -c} per command on a file of the given qemu format.
     *
     * @param dir      working directory, or {@code null}
     * @param format   qemu format name ("vpc", "vhdx", "raw")
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
