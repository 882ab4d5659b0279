package org.hvref.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageTableTest {
    @Test
    void shouldNameContendersAfterTheirBenchmarkClass() {
        assertEquals(StorageResult.DISK,
                StorageResult.contenderOf("org.hvref.benchmarks.storage.DiskImageReadBenchmark.read"));
        assertEquals(StorageResult.GUEST,
                StorageResult.contenderOf("org.hvref.benchmarks.storage.StorvscReadBenchmark.read"));
    }

    @Test
    void shouldRenderRatesAndRatiosAgainstQemuAtTheSameDepth() {
        String table = StorageTable.render(List.of(
                new StorageResult(StorageResult.QEMU, "stride", 1, 200e3, 20e3),
                new StorageResult(StorageResult.DISK, "random", 1, 400e3, 40e3),
                new StorageResult(StorageResult.GUEST, "random", 1, 100e3, 10e3),
                new StorageResult(StorageResult.QEMU, "stride", 32, 500e3, 0),
                new StorageResult(StorageResult.GUEST, "random", 32, 250e3, 25e3)),
                Map.of(1, 0.012, 32, Double.NaN));

        assertTrue(table.contains("| 1 | qemu-img | stride | 200k ± 20k | 819 ± 82 |"), table);
        assertTrue(table.contains("| 1 | guest | random | 100k ± 10k | 410 ± 41 |"), table);
        // guest/qemu 0.5 * sqrt(0.1^2 + 0.1^2) = 0.0707; disk/qemu 2 ± 0.28; guest/disk 0.25 ± 0.035
        assertTrue(table.contains("| 1 | random | 0.50 ± 0.07 | 2.00 ± 0.28 | 0.25 ± 0.04 | 1.2% |"), table);
        // depth 32: no disk floor there, guest/disk uses the depth-1 floor; qemu without error
        assertTrue(table.contains("| 32 | random | 0.50 ± 0.05 | – | 0.63 ± 0.09 | – |"), table);
        assertFalse(table.contains("| stride | –"), "no ratio row for a pattern hvref did not run:\n" + table);
    }

    @Test
    void shouldLeaveRatiosEmptyWithoutQemu() {
        String table = StorageTable.render(List.of(new StorageResult(StorageResult.DISK, "stride", 1, 3e5,
                Double.NaN)), Map.of());

        assertTrue(table.contains("| 1 | disk | stride | 300k | 1229 |"), table);
        assertTrue(table.contains("| 1 | stride | – | – | – | – |"), table);
    }

    @Test
    void shouldRunTheFloorAtDepthOneOnly() {
        assertTrue(StorageMain.includes(1).contains("org\\.hvref\\.benchmarks\\.storage\\.DiskImageReadBenchmark\\."));
        assertFalse(StorageMain.includes(32).stream().anyMatch(i -> i.contains("DiskImage")));
        assertEquals(List.of(1, 32, 4), StorageMain.depths("1, 32,4"));
    }
}
