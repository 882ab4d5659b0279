package org.hvref.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test: one producer call and one consumer call of each contender, on one thread, deliver the payload intact.
 * Nothing here is timed; throughput is measured only by JMH ({@code benchmarks/run.sh}).
 */
class BenchmarkRoundTripTest {
    private static final int CAPACITY = Integer.parseInt(Payloads.DEFAULT_CAPACITY);

    @ParameterizedTest
    @CsvSource({"64, true, contiguous", "256, true, contiguous", "1500, true, contiguous", "4096, true, contiguous",
        "1500, false, contiguous", "1500, true, scattered", "4096, false, scattered"})
    void shouldDeliverOnePayloadThroughVmbusRing(int payloadLength, boolean pendingSend, String pages) {
        VmbusRingBenchmark benchmark = new VmbusRingBenchmark();
        benchmark.payloadLength = payloadLength;
        benchmark.capacity = CAPACITY;
        benchmark.pendingSend = pendingSend;
        benchmark.pages = pages;
        benchmark.setUp();
        try {
            ProducerCounters producer = new ProducerCounters();
            ConsumerCounters consumer = new ConsumerCounters();

            assertEquals(0, benchmark.read(consumer));
            assertTrue(benchmark.write(producer));
            assertEquals(1, benchmark.read(consumer));

            byte[] expected = Arrays.copyOf(Payloads.pattern(payloadLength), Payloads.align8(payloadLength));
            assertArrayEquals(expected, benchmark.lastReceived());
            assertEquals(1, producer.written);
            assertEquals(1, consumer.received);
        } finally {
            benchmark.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 4096})
    void shouldFillAndDrainVmbusRingAcrossTheWrap(int payloadLength) {
        VmbusRingBenchmark benchmark = new VmbusRingBenchmark();
        benchmark.payloadLength = payloadLength;
        benchmark.capacity = CAPACITY;
        benchmark.pendingSend = true;
        benchmark.pages = "scattered";
        benchmark.setUp();
        try {
            ProducerCounters producer = new ProducerCounters();
            ConsumerCounters consumer = new ConsumerCounters();
            for (int round = 0; round < 3; round++) {
                while (benchmark.write(producer)) {
                    // fill until FULL
                }
                while (benchmark.read(consumer) > 0) {
                    // drain in batches
                }
                assertEquals(producer.written, consumer.received);
            }
            assertTrue(producer.written > 3L * CAPACITY / (payloadLength + 24) - 3, "written " + producer.written);
        } finally {
            benchmark.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 256, 1500, 4096})
    void shouldDeliverOnePayloadThroughAgronaRing(int payloadLength) {
        AgronaRingBenchmark benchmark = new AgronaRingBenchmark();
        benchmark.payloadLength = payloadLength;
        benchmark.capacity = CAPACITY;
        benchmark.setUp();
        ProducerCounters producer = new ProducerCounters();
        ConsumerCounters consumer = new ConsumerCounters();

        assertEquals(0, benchmark.read(consumer));
        assertTrue(benchmark.write(producer));
        assertEquals(1, benchmark.read(consumer));

        assertArrayEquals(Payloads.pattern(payloadLength), benchmark.lastReceived());
        assertEquals(1, producer.written);
        assertEquals(1, consumer.received);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 256, 1500, 4096})
    void shouldDeliverOnePayloadThroughPlainCopy(int payloadLength) {
        CopyBenchmark benchmark = new CopyBenchmark();
        benchmark.payloadLength = payloadLength;
        benchmark.capacity = CAPACITY;
        benchmark.setUp();
        ProducerCounters producer = new ProducerCounters();
        ConsumerCounters consumer = new ConsumerCounters();

        benchmark.write(new CopyBenchmark.Cursor(), producer);
        benchmark.read(new CopyBenchmark.Cursor(), consumer);

        assertArrayEquals(Payloads.pattern(payloadLength), benchmark.lastReceived());
        assertEquals(1, producer.written);
        assertEquals(1, consumer.received);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 256, 1500, 4096})
    void shouldWrapPlainCopyCursorsAtTheEndOfTheBuffer(int payloadLength) {
        CopyBenchmark benchmark = new CopyBenchmark();
        benchmark.payloadLength = payloadLength;
        benchmark.capacity = CAPACITY;
        benchmark.setUp();
        CopyBenchmark.Cursor producer = new CopyBenchmark.Cursor();
        CopyBenchmark.Cursor consumer = new CopyBenchmark.Cursor();
        ProducerCounters written = new ProducerCounters();
        ConsumerCounters received = new ConsumerCounters();

        for (int i = 0; i < 3 * CAPACITY / payloadLength; i++) {
            benchmark.write(producer, written);
            benchmark.read(consumer, received);
            assertArrayEquals(Payloads.pattern(payloadLength), benchmark.lastReceived());
        }
        assertEquals(producer.offset, consumer.offset);
    }
}
