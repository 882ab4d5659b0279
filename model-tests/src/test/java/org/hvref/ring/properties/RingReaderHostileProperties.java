package org.hvref.ring.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.hvref.ring.RingCorruptedException;
import org.hvref.ring.RingError;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes in a ring's control page and data region — indexes out of range or misaligned, len8 &lt; offset8,
 * huge len8, wrong trailers, a control page that changes between and during batches — never make {@link
 * org.hvref.ring.RingReader} do anything but hand out the ring's own valid packets, return a clean empty result, or
 * throw {@link RingCorruptedException}; it never reads or writes outside the ring (canary pages around and between
 * its pages stay intact and no returned byte comes from them) and once failed it stays failed. The oracle is
 * {@link RingOracle}; each property also asserts what it reached, so a weak generator fails loudly.
 */
class RingReaderHostileProperties {

    /** Every reason the reader itself can report (READ_INDEX_REGRESSED is the writer's). */
    private static final EnumSet<RingError> READER_REASONS = EnumSet.complementOf(
        EnumSet.of(RingError.READ_INDEX_REGRESSED));

    @Test
    void readerOnlyThrowsRingCorruptedOnHostileRings() {
        RingOracle.Stats stats = new RingOracle.Stats();
        PropertyRuns.qt("readerOnlyThrowsRingCorruptedOnHostileRings", 0x4057_1E01L, 4000)
            .forAll(RingScenarios.hostile())
            .checkAssert(s -> RingOracle.run(s, stats));
        System.out.println("readerOnlyThrowsRingCorruptedOnHostileRings: " + stats);
        for (RingError e : READER_REASONS) {
            assertTrue(stats.reasons.getOrDefault(e, 0) >= 10, () -> "never failed with " + e + ": " + stats);
        }
        assertTrue(stats.pristine >= 500, () -> "too few valid rings: " + stats);
        assertTrue(stats.packets >= 5000 && stats.decodedPackets >= 1000 && stats.malformedPackets >= 100,
            () -> "too few packets handed out: " + stats);
        assertTrue(stats.emptyBatches >= 500 && stats.shortBatches >= 500, () -> "too few empty batches: " + stats);
        assertTrue(stats.signals >= 20 && stats.noSignals >= 500, () -> "writer signal rarely decided: " + stats);
        assertTrue(stats.staysFailedChecks >= 500 && stats.midBatchEdits >= 100 && stats.endReadAgain >= 20
            && stats.attachFailures >= 200, () -> "too few interesting steps: " + stats);
    }

    @Test
    void readerToleratesControlPageChangingBetweenReads() {
        RingOracle.Stats stats = new RingOracle.Stats();
        PropertyRuns.qt("readerToleratesControlPageChangingBetweenReads", 0x4057_1E02L, 1500)
            .forAll(RingScenarios.changingControlPage())
            .checkAssert(s -> RingOracle.run(s, stats));
        System.out.println("readerToleratesControlPageChangingBetweenReads: " + stats);
        assertTrue(stats.midBatchEdits >= 400 && stats.packets >= 5000 && stats.signals >= 100,
            () -> "too little change under the reader: " + stats);
        assertTrue(stats.pristine == stats.scenarios, () -> "every ring starts valid: " + stats);
        assertTrue(stats.reasons.getOrDefault(RingError.WRITE_INDEX_REGRESSED, 0) >= 10
            && stats.reasons.getOrDefault(RingError.INDEX_MISALIGNED, 0) >= 10,
            () -> "write_index edits never caught: " + stats);
    }

    @Test
    void readerStaysFailedOnceCorrupted() {
        RingOracle.Stats stats = new RingOracle.Stats();
        PropertyRuns.qt("readerStaysFailedOnceCorrupted", 0x4057_1E03L, 1500)
            .forAll(RingScenarios.corruptedThenRepaired())
            .checkAssert(s -> {
                RingOracle.Result r = RingOracle.run(s, stats);
                assertTrue(r.attached(), "valid chain attaches");
                assertNotNull(r.failure(), "the corruption was not detected");
                assertTrue(r.staysFailedChecks() >= 1, "no call after the failure");
            });
        System.out.println("readerStaysFailedOnceCorrupted: " + stats);
        assertEquals(stats.scenarios, stats.failedScenarios);
        for (RingError e : EnumSet.of(RingError.OFFSET_TOO_SMALL, RingError.LENGTH_BELOW_OFFSET,
            RingError.PACKET_EXCEEDS_RING, RingError.TRAILER_MISMATCH, RingError.INDEX_MISALIGNED)) {
            assertTrue(stats.reasons.getOrDefault(e, 0) >= 50, () -> "never failed with " + e + ": " + stats);
        }
    }
}
