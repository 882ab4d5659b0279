package org.hvref.disk.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img and qemu-io (Debian qemu-utils); a missing tool is an {@link AssertionError}, never a skip. */
final class QemuTools {
    private static final long TIMEOUT_SECONDS = 120;

    /** Exit status and combined output of one run. */
    record Result(int exit, String output) {
    }

    private QemuTools() {
    }

    /** Runs a command and returns its exit status and output. */
    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (expected: qemu-utils installed;"
                    + " apt-get install qemu-utils, .ci/run does this): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command that must succeed and returns its output. */
    static String ok(String... command) {
        Result r = run(List.of(command));
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** {@code qemu-io -f vhdx} with one {@code -c} per command; fails on a non-zero exit or a pattern mismatch. */
    static String qemuIo(Path image, String... commands) {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "vhdx"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(image.toString());
        Result r = run(cmd);
        if (r.exit() != 0 || r.output().contains("Pattern verification failed") || r.output().contains("failed:")) {
            throw new AssertionError("qemu-io " + String.join(" ; ", commands) + " exited " + r.exit() + ":\n"
                    + r.output());
        }
        return r.output();
    }
}
