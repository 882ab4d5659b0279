package org.hvref.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostLoadTest {
    @Test
    void shouldCountOnlyOtherProcessesBusyTime() {
        HostLoad.CpuSample before = new HostLoad.CpuSample(1_000, 10_000, 300);
        // 200 ticks of all CPUs passed, 150 busy, 100 of them ours (own threads and reaped children)
        HostLoad.CpuSample after = new HostLoad.CpuSample(1_150, 10_200, 400);

        assertEquals(0.25, HostLoad.othersShare(Optional.of(before), Optional.of(after)).orElseThrow(), 1e-12);
    }

    @Test
    void shouldClampAndReportUnknownShares() {
        HostLoad.CpuSample before = new HostLoad.CpuSample(0, 0, 0);
        // children reaped during the window may report more time than the window's busy time
        HostLoad.CpuSample after = new HostLoad.CpuSample(100, 200, 150);

        assertEquals(0.0, HostLoad.othersShare(Optional.of(before), Optional.of(after)).orElseThrow());
        assertTrue(HostLoad.othersShare(Optional.empty(), Optional.of(after)).isEmpty());
        assertTrue(HostLoad.othersShare(Optional.of(after), Optional.of(after)).isEmpty());
    }

    @Test
    void shouldSampleThisMachine() {
        Optional<HostLoad.CpuSample> sample = HostLoad.sample();

        assertTrue(sample.isPresent(), "/proc/stat and /proc/self/stat are readable on Linux");
        assertTrue(sample.get().busy() <= sample.get().total() && sample.get().own() >= 0, sample.get().toString());
    }
}
