package org.hvref.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.hvref.disk.DiskFormat;

/**
 * Runs {@code qemu-img check --output=json -f FORMAT IMAGE} (Debian qemu-utils) on an image hvref wrote and reads its
 * verdict: qemu-img exits 0 when the image has no errors, 2 with corruptions, 3 with leaked clusters only, 1 when the
 * check could not complete, 63 when the format has no check (VHD; toolchain-and-oracles.md). A machine without
 * qemu-img gives {@link Verdict.NotRun}: the demo still runs there and says the external check was skipped.
 */
final class QemuImgCheck {
    /** The program on PATH. */
    static final String QEMU_IMG = "qemu-img";
    /** System property naming another qemu-img program (e.g. {@code -Dhvref.qemu-img=/opt/qemu/bin/qemu-img}). */
    static final String PROGRAM_PROPERTY = "hvref.qemu-img";
    private static final long TIMEOUT_SECONDS = 120;
    /** Counters of qemu-img's JSON check report that name problems (each 0 for a clean image). */
    private static final List<String> PROBLEM_FIELDS = List.of("check-errors", "corruptions", "leaks",
            "corruptions-fixed", "leaks-fixed");

    /** What qemu-img said about an image. */
    sealed interface Verdict {
        /** @return one line for the report */
        String line();

        /** @return whether the image must count as damaged */
        default boolean failed() {
            return false;
        }

        /** qemu-img found no errors. */
        record NoErrors() implements Verdict {
            @Override
            public String line() {
                return "qemu-img check: no errors";
            }
        }

        /** qemu-img found errors (or could not check the image); {@code detail} says which. */
        record Errors(int exitCode, String detail) implements Verdict {
            @Override
            public String line() {
                return "qemu-img check: ERRORS (exit " + exitCode + "): " + detail;
            }

            @Override
            public boolean failed() {
                return true;
            }
        }

        /** qemu-img could not be started; the external check was skipped. */
        record NotRun(String program) implements Verdict {
            @Override
            public String line() {
                return program + " not found: external check skipped (install qemu-utils to run it)";
            }
        }
    }

    private final String program;

    /** @param program the qemu-img program to run (a name on PATH or a path) */
    QemuImgCheck(String program) {
        this.program = Objects.requireNonNull(program, "program");
    }

    /** @return a check running {@value #QEMU_IMG} from PATH */
    static QemuImgCheck onPath() {
        return new QemuImgCheck(QEMU_IMG);
    }

    /** @return a check running the program named by {@value #PROGRAM_PROPERTY}, else {@value #QEMU_IMG} from PATH */
    static QemuImgCheck configured() {
        return new QemuImgCheck(System.getProperty(PROGRAM_PROPERTY, QEMU_IMG));
    }

    /**
     * Checks a closed image.
     *
     * @param image  the image file
     * @param format its format
     * @return qemu-img's verdict
     */
    Verdict check(Path image, DiskFormat format) {
        List<String> command = List.of(program, "check", "--output=json", "-f", format.qemuName(),
                image.toString());
        Path out = null;
        Path err = null;
        Process p;
        try {
            out = Files.createTempFile("hvref-qemu-img-", ".json");
            err = Files.createTempFile("hvref-qemu-img-", ".err");
            try {
                p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                return new Verdict.NotRun(program);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Verdict.Errors(-1, "no exit after " + TIMEOUT_SECONDS + " s");
            }
            return parse(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Verdict.Errors(-1, "cannot run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict.Errors(-1, "interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * Reads qemu-img's exit status and JSON report: no errors only when it exited 0 and every problem counter is
     * 0.
     *
     * @param exitCode qemu-img's exit status
     * @param json     its standard output
     * @param stderr   its standard error
     * @return the verdict
     */
    static Verdict parse(int exitCode, String json, String stderr) {
        JsonNode report = null;
        try {
            JsonNode node = json.isBlank() ? null : new ObjectMapper().readTree(json);
            report = node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            report = null;
        }
        List<String> problems = new ArrayList<>();
        if (report != null) {
            for (String field : PROBLEM_FIELDS) {
                JsonNode n = report.get(field);
                if (n != null && (!n.canConvertToLong() || n.asLong() != 0)) {
                    problems.add(field + " " + n.asText());
                }
            }
        }
        if (exitCode == 0 && report != null && problems.isEmpty()) {
            return new Verdict.NoErrors();
        }
        if (!problems.isEmpty()) {
            return new Verdict.Errors(exitCode, String.join(", ", problems));
        }
        String message = firstLine(stderr);
        return new Verdict.Errors(exitCode, report == null ? (message.isEmpty() ? "no JSON report" : message)
                : "no problem counted but exit " + exitCode + (message.isEmpty() ? "" : ": " + message));
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary file does not change a verdict
            }
        }
    }
}
