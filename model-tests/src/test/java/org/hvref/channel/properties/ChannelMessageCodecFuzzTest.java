package org.hvref.channel.properties;

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
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.MalformedChannelMessageException;
import org.hvref.channel.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link ChannelMessageCodec}'s decoders with a hostile peer's bytes.
 *
 * <p>Input: byte 0 picks the version ({@code value mod 12}: 0–10 are {@link ProtocolVersion#values()} oldest
 * first, 11 is "before contact", {@link ChannelMessageCodec#decodeBeforeContact}); the rest is the SynIC payload.
 * Oracle: decoding throws nothing but {@link MalformedChannelMessageException}; whatever decodes re-encodes (at the
 * version, or the newest one before contact) without error to bytes that decode to an equal message, and
 * re-encoding that message gives the same bytes again.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the checked-in seed corpus
 * {@code src/test/resources/org/hvref/channel/properties/ChannelMessageCodecFuzzTestInputs/decodeOnlyThrowsMalformed/}:
 * {@code lossy-*} files decode but carry fields their version lacks (dropped on re-encoding);
 * {@code valid-*} files are messages from {@code spec/vectors/channel-messages.jsonl}, {@code hostile-*} files are
 * rejected ones ({@link #seedCorpusShouldBeWhatItsNamesSay} keeps them so). {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=ChannelMessageCodecFuzzTest -Djazzer.hooks=true} fuzzes; a crash file copied into that folder becomes a
 * regression test.
 */
class ChannelMessageCodecFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "channel", "properties",
            "ChannelMessageCodecFuzzTestInputs", "decodeOnlyThrowsMalformed");
    private static final List<ProtocolVersion> VERSIONS = List.of(ProtocolVersion.values());

    @FuzzTest(maxDuration = "10m")
    void decodeOnlyThrowsMalformed(byte[] input) {
        ProtocolVersion version = versionOf(input);
        byte[] payload = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        ChannelMessage m;
        try {
            m = decode(payload, version);
        } catch (MalformedChannelMessageException e) {
            return;
        }
        ProtocolVersion at = version == null ? ProtocolVersion.newest() : version;
        byte[] again = ChannelMessageCodec.encode(m, at);
        ChannelMessage back = ChannelMessageCodec.decode(again, again.length, at);
        assertEquals(m, back, () -> "decode(encode(decode(input))) at " + at);
        assertArrayEquals(again, ChannelMessageCodec.encode(back, at), () -> "encode is not stable at " + at);
    }

    @Test
    void seedCorpusShouldBeWhatItsNamesSay() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(CORPUS)) {
            seeds = files.sorted().toList();
        }
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("hostile-")), "hostile seeds");
        for (Path seed : seeds) {
            byte[] input = Files.readAllBytes(seed);
            ProtocolVersion version = versionOf(input);
            byte[] payload = Arrays.copyOfRange(input, 1, input.length);
            String name = seed.getFileName().toString();
            if (name.startsWith("valid-")) {
                ChannelMessage m = decode(payload, version);
                ProtocolVersion at = version == null ? ProtocolVersion.newest() : version;
                assertArrayEquals(payload, ChannelMessageCodec.encode(m, at), name);
            } else if (name.startsWith("lossy-")) {
                // accepted, but carries fields its version does not have: they are dropped, so the re-encoding is
                // shorter and decodes to the same message (found by fuzzing: a 196-byte offer at WS2008)
                ChannelMessage m = decode(payload, version);
                byte[] again = ChannelMessageCodec.encode(m, version);
                assertTrue(again.length < payload.length, name);
                assertEquals(m, decode(again, version), name);
            } else {
                assertEquals(true, name.startsWith("hostile-"), () -> "seed name: " + name
                        + " (expected: valid-*, lossy-* or hostile-*)");
                assertThrows(MalformedChannelMessageException.class, () -> decode(payload, version), name);
            }
            decodeOnlyThrowsMalformed(input);
        }
    }

    /** @return the version byte 0 picks, or {@code null} for "before contact" */
    private static ProtocolVersion versionOf(byte[] input) {
        int pick = input.length == 0 ? 0 : (input[0] & 0xFF) % (VERSIONS.size() + 1);
        return pick == VERSIONS.size() ? null : VERSIONS.get(pick);
    }

    private static ChannelMessage decode(byte[] payload, ProtocolVersion version) {
        return version == null ? ChannelMessageCodec.decodeBeforeContact(payload, payload.length)
                : ChannelMessageCodec.decode(payload, payload.length, version);
    }
}
