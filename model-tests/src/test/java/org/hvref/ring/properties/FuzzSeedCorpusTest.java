package org.hvref.ring.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzz seed corpora are what {@link FuzzSeedCorpus} says they are, and each seed still reaches the outcome it
 * was written for (a valid ring read to the end, a hostile ring failing with its reason, a codec seed decoded or
 * rejected with its reason). With {@code -Dhvref.corpus.write=true} the files are (re)written first.
 */
class FuzzSeedCorpusTest {

    private static void checkFiles(String dir, Map<String, byte[]> files) throws IOException {
        if (Boolean.getBoolean("hvref.corpus.write")) {
            Path target = Path.of(System.getProperty("basedir", "."), "src/test/resources/org/hvref/ring/properties",
                dir);
            Files.createDirectories(target);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(target.resolve(f.getKey()), f.getValue());
            }
            System.out.println("wrote " + files.size() + " seeds to " + target);
            return;
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            try (InputStream in = FuzzSeedCorpusTest.class.getResourceAsStream(dir + "/" + f.getKey())) {
                assertNotNull(in, () -> "seed file missing: " + dir + "/" + f.getKey()
                    + " (regenerate: -Dhvref.corpus.write=true)");
                assertArrayEquals(f.getValue(), in.readAllBytes(), () -> "seed file differs from FuzzSeedCorpus: "
                    + dir + "/" + f.getKey());
            }
        }
    }

    @Test
    void shouldHoldEveryRingSeedAsDefined() throws IOException {
        checkFiles(FuzzSeedCorpus.RING_DIR, FuzzSeedCorpus.ringFiles());
    }

    @Test
    void shouldHoldEveryCodecSeedAsDefined() throws IOException {
        checkFiles(FuzzSeedCorpus.CODEC_DIR, FuzzSeedCorpus.codecFiles());
    }

    @Test
    void shouldReachTheOutcomeOfEveryRingSeed() {
        FuzzSeedCorpus.ringSeeds().forEach((name, seed) -> {
            RingOracle.Result r = RingOracle.run(seed.scenario(), new RingOracle.Stats());
            assertEquals(seed.failure(), r.failure(), () -> name + ": failure");
            assertTrue(r.packets() >= seed.minPackets(), () -> name + ": " + r.packets() + " packets (expected: >= "
                + seed.minPackets() + ")");
            if (seed.failure() != null && r.attached()) {
                assertTrue(r.staysFailedChecks() >= 1, () -> name + ": no call after the failure");
            }
        });
    }

    @Test
    void shouldReachTheOutcomeOfEveryCodecSeed() {
        FuzzSeedCorpus.codecSeeds().forEach((name, seed) -> {
            CodecOracle.Outcome o = CodecOracle.check(seed.bytes(), null);
            if (seed.error() == null) {
                assertTrue(o.decoded() && o.packet().type().code() == seed.decodedType(), () -> name + ": " + o);
            } else {
                assertEquals(seed.error(), o.error(), () -> name + ": " + o);
            }
        });
    }
}
