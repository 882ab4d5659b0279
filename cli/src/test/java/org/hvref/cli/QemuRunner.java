package org.hvref.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img / qemu-io (Debian qemu-utils) for the CLI interop tests; a missing tool fails, never skips. */
final class QemuRunner {
    private static final long TIMEOUT_SECONDS = 120;

    private QemuRunner() {
    }

    /** Exit status and combined stdout/stderr. */
    record Result(int exit, String output) {
    }

    static Result run(String... command) {
        Path out = null;
        try {
            out = Files.createTempFile("qemu", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + ": no exit after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (expected: qemu-utils installed; .ci/run "
                    + "installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file changes no result
                }
            }
        }
    }

    /** Runs a command that must exit 0 (and, for qemu-io, verify every pattern) and returns its output. */
    static String ok(String... command) {
        Result r = run(command);
        if (r.exit() != 0 || r.output().contains("Pattern verification failed") || r.output().contains("failed:")) {
            throw new AssertionError(String.join(" ", command) + ": exit " + r.exit() + " (expected: 0)\n"
                    + r.output());
        }
        return r.output();
    }
}
