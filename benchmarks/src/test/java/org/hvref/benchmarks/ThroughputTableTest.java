package org.hvref.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class ThroughputTableTest {
    @Test
    void shouldNameContendersAfterTheirBenchmarkClass() {
        assertEquals("vmbus", ContenderResult.contenderOf("org.hvref.benchmarks.VmbusRingBenchmark.throughput"));
        assertEquals("agrona", ContenderResult.contenderOf("org.hvref.benchmarks.AgronaRingBenchmark.throughput"));
        assertEquals("copy", ContenderResult.contenderOf("org.hvref.benchmarks.CopyBenchmark.throughput"));
    }

    @Test
    void shouldRenderRatiosWithPropagatedErrors() {
        String table = ThroughputTable.render(List.of(
                new ContenderResult("copy", 64, 40e6, 0),
                new ContenderResult("agrona", 64, 20e6, 2e6),
                new ContenderResult("vmbus", 64, 10e6, 1e6)));

        assertTrue(table.contains("| 64 | vmbus | 10.0M ± 1.0M | 640 ± 64 |"), table);
        // 0.5 * sqrt(0.1^2 + 0.1^2) = 0.0707
        assertTrue(table.contains("| 64 | 0.50 ± 0.07 | 0.25 ± 0.03 | 0.50 ± 0.05 | – |"), table);
    }

    @Test
    void shouldLeaveMissingRatiosEmpty() {
        String table = ThroughputTable.render(List.of(new ContenderResult("agrona", 256, 1e6, Double.NaN)),
                Map.of(256, 0.015));

        assertTrue(table.contains("| 256 | – | – | – | 1.5% |"), table);
        assertTrue(table.contains("| 256 | agrona | 1.00M | 256 |"), table);
    }

    @Test
    void shouldRunTheSamePayloadSizesAsEveryBenchmarkDeclares() throws NoSuchFieldException {
        for (Class<?> benchmark : List.of(VmbusRingBenchmark.class, AgronaRingBenchmark.class, CopyBenchmark.class)) {
            Param sizes = benchmark.getField("payloadLength").getAnnotation(Param.class);
            assertEquals(ThroughputMain.DEFAULT_PAYLOAD_LENGTHS, List.of(sizes.value()), benchmark.getSimpleName());
        }
    }
}
