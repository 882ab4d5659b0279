package org.hvref.benchmarks.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code qemu-img bench} (read requests through the page cache, qemu-img's default {@code -t writeback}; AIO
 * engine {@code -i threads}, qemu's default, or {@code io_uring}) on an image and parses its report into a
 * {@link QemuBenchRun}.
 *
 * <p>qemu-img bench has no random-offset mode: request {@code k} reads at {@code offset + k * step} modulo the
 * image size. With {@link ReadPattern#strideBlocks(long)} as the step (an odd number of 4 KiB blocks near
 * size / golden ratio) consecutive requests land far apart and one pass of {@code size / 4096} requests reads every
 * block exactly once.
 *
 * @param executable the {@code qemu-img} program (a name on PATH or a path)
 * @param format     the image's format ({@code -f}), e.g. {@code vhdx}
 * @param aio        the AIO engine ({@code -i}): {@code threads} (a worker-thread pool, qemu's default),
 *                   {@code io_uring} or {@code native}
 * @param image      the image file
 * @param bufferSize bytes per request ({@code -s})
 * @param step       offset step ({@code -S}), a multiple of {@code bufferSize}
 * @param timeout    longest run before the process is killed
 */
public record QemuImgBench(String executable, String format, String aio, Path image, int bufferSize, long step,
                           Duration timeout) {

    /** Validates the fields. */
    public QemuImgBench {
        if (!List.of("threads", "io_uring", "native").contains(aio)) {
            throw new IllegalArgumentException("qemu-img bench: aio " + aio
                    + " (expected: threads, io_uring or native)");
        }
        if (bufferSize <= 0 || step < 0 || step % bufferSize != 0) {
            throw new IllegalArgumentException("qemu-img bench: buffer " + bufferSize + ", step " + step
                    + " (expected: positive buffer, step a multiple of it)");
        }
    }

    /**
     * The command line of one run.
     *
     * @param requests requests to send ({@code -c})
     * @param depth    requests in flight ({@code -d})
     * @return the arguments, program first
     */
    public List<String> command(long requests, int depth) {
        if (requests <= 0 || depth <= 0) {
            throw new IllegalArgumentException("qemu-img bench: " + requests + " requests at depth " + depth
                    + " (expected: both positive)");
        }
        List<String> command = new ArrayList<>(List.of(executable, "bench", "-f", format, "-s",
                Integer.toString(bufferSize), "-c", Long.toString(requests), "-d", Integer.toString(depth), "-i", aio));
        if (step != bufferSize) {
            command.addAll(List.of("-S", Long.toString(step)));
        }
        command.add(image.toString());
        return command;
    }

    /**
     * Runs one process and parses its report.
     *
     * @param requests requests to send
     * @param depth    requests in flight
     * @return what it reported
     * @throws IOException          if it cannot be started, exits non-zero, times out or prints no report
     * @throws InterruptedException if interrupted while waiting for it
     */
    public QemuBenchRun run(long requests, int depth) throws IOException, InterruptedException {
        List<String> command = command(requests, depth);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no exit after " + timeout);
        }
        String text = output.join();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue()
                    + " (expected: 0): " + text.strip());
        }
        try {
            return QemuBenchRun.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
