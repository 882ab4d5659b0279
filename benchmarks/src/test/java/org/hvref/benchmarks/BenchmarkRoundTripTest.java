package org.hvref.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test: one producer call and one consumer call of each contender, on one thread, deliver the payload intact.
 * Nothing here is timed; throughput is measured only by JMH ({@code benchmarks/run.sh}).
 */
class BenchmarkRoundTripTest {
    private static final int CAPACITY = Integer.parseInt(Payloads.DEFAULT_CAPACITY);

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
