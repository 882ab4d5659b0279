package org.hvref.storage.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hvref.storage.protocol.MalformedStorvscPacketException;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPayloadKind;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link VstorPacketCodec}'s decoders with a hostile peer's bytes.
 *
 * <p>Input: byte 0 picks the decoder ({@code value mod 6}: 0–4 are {@link VstorPayloadKind#values()} with the form
 * taken from the length, 5 is {@link VstorPacketCodec#decodeRequest}, kind from the operation); the rest is the
 * in-band packet. Oracle: decoding throws nothing but {@link MalformedStorvscPacketException}; whatever decodes
 * re-encodes to bytes of the same length that decode to an equal packet, and re-encoding that packet gives the same
 * bytes again.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the seed corpus
 * {@code src/test/resources/org/hvref/storage/properties/VstorPacketCodecFuzzTestInputs/decodeOnlyThrowsMalformed/}:
 * {@code valid-*} files decode, {@code hostile-*} files are rejected ({@link #seedCorpusShouldBeWhatItsNamesSay}).
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=VstorPacketCodecFuzzTest} fuzzes; a crash file copied into that folder becomes a
 * regression test.
 */
class VstorPacketCodecFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "storage", "properties",
            "VstorPacketCodecFuzzTestInputs", "decodeOnlyThrowsMalformed");
    private static final List<VstorPayloadKind> KINDS = List.of(VstorPayloadKind.values());

    @FuzzTest(maxDuration = "10m")
    void decodeOnlyThrowsMalformed(byte[] input) {
        int mode = input.length == 0 ? 0 : (input[0] & 0xFF) % (KINDS.size() + 1);
        byte[] packet = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        VstorPacket p;
        try {
            p = decode(packet, mode);
        } catch (MalformedStorvscPacketException e) {
            return;
        }
        byte[] again = VstorPacketCodec.encode(p);
        assertEquals(packet.length, again.length, "re-encoded length");
        VstorPacket back = VstorPacketCodec.decode(again, again.length, p.form(), p.payload().kind());
        assertEquals(p, back, "decode(encode(decode(input)))");
        assertArrayEquals(again, VstorPacketCodec.encode(back), "encode is not stable");
    }

    private static VstorPacket decode(byte[] packet, int mode) {
        return mode == KINDS.size() ? VstorPacketCodec.decodeRequest(packet, packet.length)
                : VstorPacketCodec.decode(packet, packet.length, null, KINDS.get(mode));
    }

    @Test
    void seedCorpusShouldBeWhatItsNamesSay() throws IOException {
        List<Path> seeds;
        try (Stream<Path> list = Files.list(CORPUS)) {
            seeds = list.sorted().toList();
        }
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("hostile-")), "hostile seeds");
        for (Path seed : seeds) {
            byte[] input = Files.readAllBytes(seed);
            int mode = (input[0] & 0xFF) % (KINDS.size() + 1);
            byte[] packet = Arrays.copyOfRange(input, 1, input.length);
            String name = seed.getFileName().toString();
            if (name.startsWith("valid-")) {
                decode(packet, mode);
            } else {
                assertTrue(name.startsWith("hostile-"), () -> "seed name: " + name
                        + " (expected: valid-* or hostile-*)");
                assertThrows(MalformedStorvscPacketException.class, () -> decode(packet, mode), name);
            }
            decodeOnlyThrowsMalformed(input);
        }
    }
}
