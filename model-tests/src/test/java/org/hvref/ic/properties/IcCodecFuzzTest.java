package org.hvref.ic.properties;

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
import java.util.Optional;
import java.util.stream.Stream;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcNegotiate;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link IcCodec} and the guest {@link IcServiceClient} with a hostile host's bytes.
 *
 * <p>Input: byte 0 picks the guest family ({@code value mod 3}: {@link IcVersionPolicy#values()}); the rest is the
 * in-band packet. Oracle: the decoders and the guest throw nothing but {@link MalformedIcMessageException}; a
 * decoded NEGOTIATE re-encodes to bytes that decode to the same versions; every guest answer is itself a packet the
 * decoder accepts, as long as the request, and a successful negotiate answer names versions the request offered.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the seed corpus
 * {@code src/test/resources/org/hvref/ic/properties/IcCodecFuzzTestInputs/decodeOnlyThrowsMalformed/}: {@code valid-*}
 * files decode as NEGOTIATE, {@code hostile-*} files are rejected ({@link #seedCorpusShouldBeWhatItsNamesSay}).
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=IcCodecFuzzTest} fuzzes.
 */
class IcCodecFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "ic", "properties",
            "IcCodecFuzzTestInputs", "decodeOnlyThrowsMalformed");
    private static final List<IcVersionPolicy> POLICIES = List.of(IcVersionPolicy.values());

    @FuzzTest(maxDuration = "10m")
    void decodeOnlyThrowsMalformed(byte[] input) {
        IcVersionPolicy policy = policyOf(input);
        byte[] packet = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        try {
            IcNegotiate n = IcCodec.decodeNegotiate(packet, packet.length);
            IcHeader h = IcCodec.decodeHeader(packet, packet.length);
            byte[] again = IcCodec.encodeNegotiate(h, n);
            assertEquals(n, IcCodec.decodeNegotiate(again, again.length), "negotiate round trip");
        } catch (MalformedIcMessageException e) {
            // typed rejection is the contract
        }
        IcServiceClient guest = new IcServiceClient(IcService.SHUTDOWN, IcGuestVersions.of(policy,
                IcService.SHUTDOWN), r -> { }, SpecTracer.OFF);
        Optional<byte[]> answer;
        try {
            answer = guest.onPacket(packet, packet.length).response();
        } catch (MalformedIcMessageException e) {
            return;
        }
        if (answer.isPresent()) {
            byte[] a = answer.get();
            assertTrue(a.length >= packet.length, "answer as long as the request");
            IcHeader ah = IcCodec.decodeHeader(a, a.length);
            if (ah.messageType().equals(IcMessageType.NEGOTIATE)) {
                IcNegotiate chosen = IcCodec.decodeNegotiate(a, a.length);
                if (chosen.isSingleChoice()) {
                    IcNegotiate offer = IcCodec.decodeNegotiate(packet, packet.length);
                    assertTrue(offer.frameworkVersions().contains(chosen.frameworkVersions().get(0)), "fw offered");
                    assertTrue(offer.messageVersions().contains(chosen.messageVersions().get(0)), "msg offered");
                }
            }
        }
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
            byte[] packet = Arrays.copyOfRange(input, 1, input.length);
            String name = seed.getFileName().toString();
            if (name.startsWith("valid-")) {
                IcCodec.decodeNegotiate(packet, packet.length);
            } else {
                assertTrue(name.startsWith("hostile-"), () -> "seed name: " + name
                        + " (expected: valid-* or hostile-*)");
                assertThrows(MalformedIcMessageException.class, () -> IcCodec.decodeNegotiate(packet, packet.length),
                        name);
            }
            decodeOnlyThrowsMalformed(input);
        }
    }

    private static IcVersionPolicy policyOf(byte[] input) {
        return POLICIES.get(input.length == 0 ? 0 : (input[0] & 0xFF) % POLICIES.size());
    }
}
