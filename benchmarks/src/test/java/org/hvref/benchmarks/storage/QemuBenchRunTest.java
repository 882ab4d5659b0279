package org.hvref.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuBenchRunTest {
    /** qemu-utils 7.2's output, verbatim (qemu-img bench -f vhdx -s 4096 -c 65536 -d 32 -S 165654528 bench.vhdx). */
    private static final String OUTPUT = """
            Sending 65536 read requests, 4096 bytes each, 32 in parallel (starting at offset 0, step size 165654528)
            Run completed in 0.412 seconds.
            """;

    @Test
    void shouldParseRequestPatternAndLoopTime() {
        QemuBenchRun run = QemuBenchRun.parse(OUTPUT);

        assertEquals(new QemuBenchRun(65536, 4096, 32, 0, 165654528L, false, 0.412), run);
        assertEquals(65536 / 0.412, run.iops(), 1e-6);
    }

    @Test
    void shouldParseWritesAndIgnoreOtherLines() {
        QemuBenchRun run = QemuBenchRun.parse("""
                Sending 10 write requests, 4096 bytes each, 2 in parallel (starting at offset 8192, step size 12288)
                Sending flush every 5 requests
                Run completed in 12.5 seconds.
                """);

        assertTrue(run.write());
        assertEquals(8192, run.offset());
        assertEquals(12.5, run.seconds());
    }

    @Test
    void shouldRejectOutputWithoutCompletionLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuBenchRun.parse(OUTPUT.lines().findFirst().orElseThrow()));
        assertTrue(e.getMessage().contains("no \"Run completed in X seconds.\" line"), e.getMessage());
    }

    @Test
    void shouldRejectOutputWithoutRequestLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuBenchRun.parse("qemu-img: Could not open 'x': No such file\n"));
        assertTrue(e.getMessage().contains("Could not open"), e.getMessage());
    }

    @Test
    void shouldRefuseRateOfUntimedRun() {
        QemuBenchRun run = QemuBenchRun.parse(OUTPUT.replace("0.412", "0.000"));

        assertThrows(IllegalStateException.class, run::iops);
    }

    @Test
    void shouldBuildCommandWithStepOnlyWhenItDiffersFromTheBuffer() {
        QemuImgBench strided = bench("threads", 8192);
        QemuImgBench sequential = bench("threads", 4096);

        assertEquals(List.of("qemu-img", "bench", "-f", "vhdx", "-s", "4096", "-c", "100", "-d", "32", "-i", "threads",
                "-S", "8192", "a.vhdx"), strided.command(100, 32));
        assertFalse(sequential.command(1, 1).contains("-S"));
        assertThrows(IllegalArgumentException.class,
                () -> bench("threads", 6000));
        assertThrows(IllegalArgumentException.class,
                () -> bench("posix", 4096));
    }

    @Test
    void shouldSizeRunsInWholePassesOfTheImage() {
        QemuBenchPhase phase = new QemuBenchPhase(bench("threads", 4096), 1000, 1, 3, 1.0);

        // 1000 requests in 0.1 s = 10,000/s: one second is 10 passes of 1000 blocks
        assertEquals(10_000, phase.requestsFor(new QemuBenchRun(1000, 4096, 1, 0, 4096, false, 0.1)));
        // slower than one pass per second: still one whole pass
        assertEquals(1000, phase.requestsFor(new QemuBenchRun(1000, 4096, 1, 0, 4096, false, 5.0)));
    }

    @Test
    void shouldSummarizeRunsWithMeanAndConfidenceError() {
        StorageResult one = QemuBenchPhase.summarize(List.of(new QemuBenchRun(100, 4096, 1, 0, 4096, false, 0.5)),
                "threads", 1);
        StorageResult three = QemuBenchPhase.summarize(List.of(
                new QemuBenchRun(100, 4096, 4, 0, 4096, false, 1.0),
                new QemuBenchRun(100, 4096, 4, 0, 4096, false, 0.5),
                new QemuBenchRun(100, 4096, 4, 0, 4096, false, 0.25)), "io_uring", 4);

        assertEquals(200, one.iops(), 1e-9);
        assertTrue(Double.isNaN(one.iopsError()));
        assertEquals(new StorageResult("qemu-img/io_uring", "stride", 4, 700.0 / 3, three.iopsError()), three);
        assertTrue(three.iopsError() > 0, "error " + three.iopsError());
    }

    private static QemuImgBench bench(String aio, long step) {
        return new QemuImgBench("qemu-img", "vhdx", aio, Path.of("a.vhdx"), 4096, step, Duration.ZERO);
    }
}
