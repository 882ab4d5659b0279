package org.hvref.ring.properties;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link org.hvref.ring.PacketCodec#decode} with the oracle of {@link
 * PacketCodecProperties} ({@link CodecOracle}): the input is the packet's bytes (descriptor first, no trailer).
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the checked-in seed corpus
 * {@code src/test/resources/org/hvref/ring/properties/PacketCodecFuzzTestInputs/decoderOnlyThrowsMalformedPacket/}
 * (one valid packet of each type and one per {@link org.hvref.ring.PacketError}, described in {@link
 * FuzzSeedCorpus}); {@code JAZZER_FUZZ=1 mvn test -Dtest=PacketCodecFuzzTest} fuzzes.
 */
class PacketCodecFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decoderOnlyThrowsMalformedPacket(byte[] input) {
        CodecOracle.check(input, null);
    }
}
