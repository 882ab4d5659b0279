package org.hvref.ring.properties;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link org.hvref.ring.RingReader} with the oracle of {@link RingReaderHostileProperties}
 * ({@link RingOracle}). The input is a {@link RingScenario} in its byte format: a ring (control fields and data
 * region) plus a script of reader calls and peer edits.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the checked-in seed corpus
 * {@code src/test/resources/org/hvref/ring/properties/RingReaderFuzzTestInputs/readerOnlyThrowsRingCorrupted/}
 * (valid and hostile rings, described in {@link FuzzSeedCorpus}); {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=RingReaderFuzzTest} fuzzes, and a crash file copied into that folder becomes a regression test.
 */
class RingReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void readerOnlyThrowsRingCorrupted(byte[] input) {
        RingOracle.run(RingScenario.fromBytes(input), new RingOracle.Stats());
    }
}
