package org.hvref.ic.filecopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileCopyProgressPrinter}: at most one line per step, always the end, nothing for small files. */
class FileCopyProgressPrinterTest {
    @TempDir
    Path tmp;

    @Test
    void shouldPrintAtMostOneLinePerStepAndTheEnd() {
        List<String> lines = new ArrayList<>();
        FileCopyProgressPrinter p = new FileCopyProgressPrinter(lines::add, 25, 0);
        for (long ack = 10; ack <= 1000; ack += 10) {
            p.onProgress(ack, 1000);
        }
        assertEquals(List.of("copied 250 / 1000 bytes (25%)", "copied 500 / 1000 bytes (50%)",
                "copied 750 / 1000 bytes (75%)", "copied 1000 / 1000 bytes (100%)"), lines);
    }

    @Test
    void shouldSkipFilesBelowTheThresholdAndCoarseJumpsPrintOnce() {
        List<String> lines = new ArrayList<>();
        FileCopyProgressPrinter p = new FileCopyProgressPrinter(lines::add, 10, 1000);
        p.onProgress(999, 999);
        assertEquals(List.of(), lines);
        p.onProgress(600, 1000); // one jump over several steps: one line
        p.onProgress(650, 1000);
        p.onProgress(1000, 1000);
        p.onProgress(1000, 1000);
        assertEquals(List.of("copied 600 / 1000 bytes (60%)", "copied 1000 / 1000 bytes (100%)"), lines);
        assertThrows(IllegalArgumentException.class, () -> new FileCopyProgressPrinter(lines::add, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FileCopyProgressPrinter(lines::add, 101, 0));
    }

    @Test
    void shouldReportALargeCopyThroughTheHostService() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path src = Files.write(tmp.resolve("big"), new byte[1 << 20]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileCopyIcLoop loop = new FileCopyIcLoop(root, IcVersionPolicy.LINUX, SpecTracer.OFF, SpecTracer.OFF);
        loop.negotiate();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            CompletableFuture<FileCopyResult> f = loop.service.copy(src, "big", "", 0,
                    FileCopyProgressPrinter.to(ps, 10, 1 << 16));
            loop.pumpAll();
            assertTrue(f.join().ok());
        }
        List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals(10, lines.size(), lines::toString); // 10%, 20%, ..., 90%, 100%
        assertEquals("copied 1048576 / 1048576 bytes (100%)", lines.get(lines.size() - 1));
    }
}
