package org.hvref.benchmarks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageTableTest {
    private static final String URING = "qemu-img/io_uring";
    private static final String THREADS = "qemu-img/threads";

    @Test
    void shouldNameContendersAfterTheirBenchmarkClass() {
        assertEquals(StorageResult.DISK,
                StorageResult.contenderOf("org.hvref.benchmarks.storage.DiskImageReadBenchmark.read"));
        assertEquals(StorageResult.GUEST,
                StorageResult.contenderOf("org.hvref.benchmarks.storage.StorvscReadBenchmark.read"));
        assertTrue(new StorageResult(URING, "stride", 1, 1, 0).isQemu());
        assertFalse(new StorageResult(StorageResult.GUEST, "stride", 1, 1, 0).isQemu());
    }

    @Test
    void shouldRenderRatesAndRatiosAgainstEachQemuEngineAtTheSameDepth() {
        String table = StorageTable.render(List.of(
                new StorageResult(URING, "stride", 1, 200e3, 20e3),
                new StorageResult(THREADS, "stride", 1, 50e3, 0),
                new StorageResult(StorageResult.DISK, "random", 1, 400e3, 40e3),
                new StorageResult(StorageResult.GUEST, "random", 1, 100e3, 10e3),
                new StorageResult(URING, "stride", 32, 500e3, 0),
                new StorageResult(StorageResult.GUEST, "random", 32, 250e3, 25e3)),
                Map.of(1, 0.012, 32, Double.NaN));

        assertTrue(table.contains("| 1 | qemu-img/io_uring | stride | 200k ± 20k | 819 ± 82 |"), table);
        assertTrue(table.contains("| 1 | guest | random | 100k ± 10k | 410 ± 41 |"), table);
        assertTrue(table.contains("| depth | hvref | pattern | ÷ qemu-img/threads | ÷ qemu-img/io_uring |"
                + " ÷ hvref disk (depth 1) | CPU used by others |"), table);
        // guest ÷ io_uring: 0.5 * sqrt(0.1^2 + 0.1^2) = 0.0707; ÷ threads 2 ± 0.2; ÷ disk 0.25 ± 0.035
        assertTrue(table.contains("| 1 | guest | random | 2.00 ± 0.20 | 0.50 ± 0.07 | 0.25 ± 0.04 | 1.2% |"), table);
        assertTrue(table.contains("| 1 | disk | random | 8.00 ± 0.80 | 2.00 ± 0.28 | – | 1.2% |"), table);
        // depth 32: no threads run, the disk floor of depth 1 divides
        assertTrue(table.contains("| 32 | guest | random | – | 0.50 ± 0.05 | 0.63 ± 0.09 | – |"), table);
        assertFalse(table.contains("| qemu-img/io_uring | stride | –"), table);
    }

    @Test
    void shouldLeaveRatiosEmptyWithoutQemu() {
        String table = StorageTable.render(List.of(new StorageResult(StorageResult.DISK, "stride", 1, 3e5,
                Double.NaN)), Map.of());

        assertTrue(table.contains("| 1 | disk | stride | 300k | 1229 |"), table);
        assertTrue(table.contains("| 1 | disk | stride | – | – |"), table);
    }

    @Test
    void shouldRunTheFloorAtDepthOneOnlyAndTheGuestAtEveryDepth() {
        assertTrue(StorageMain.includes(1).contains("org\\.hvref\\.benchmarks\\.storage\\.DiskImageReadBenchmark\\."));
        assertFalse(StorageMain.includes(32).stream().anyMatch(i -> i.contains("DiskImage")));
        String guest = "org\\.hvref\\.benchmarks\\.storage\\.StorvscReadBenchmark\\.";
        assertTrue(StorageMain.includes(1).contains(guest) && StorageMain.includes(32).contains(guest));
        assertEquals(List.of(1, 32, 4), StorageMain.depths("1, 32,4"));
    }
}
