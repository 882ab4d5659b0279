package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorsCommandTest {
    /** The committed copy, relative to the cli module (surefire's working directory). */
    private static final Path COMMITTED = Path.of("..", "spec", "vectors", VectorsCommand.FILE_NAME);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRegenerateTheCommittedVectorsByteForByte() throws IOException {
        CliRun run = CliRun.of("vectors");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertArrayEquals(Files.readAllBytes(COMMITTED), run.out().getBytes(StandardCharsets.UTF_8),
                "spec/vectors/channel-messages.jsonl is stale: regenerate it with `hvref vectors --out spec/vectors`");
    }

    @Test
    void shouldWriteTheSameVectorsUnderOut(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("new");
        CliRun run = CliRun.of("vectors", "--out", out.toString());
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        Path file = out.resolve(VectorsCommand.FILE_NAME);
        assertEquals("vectors: 34 channel messages written to " + file + "\n", run.out());
        assertArrayEquals(Files.readAllBytes(COMMITTED), Files.readAllBytes(file));
    }

    @Test
    void shouldRejectAnOutThatIsAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        CliRun run = CliRun.of("vectors", "--out", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertTrue(run.err().startsWith("hvref: vectors: cannot write " + file.resolve(VectorsCommand.FILE_NAME)),
                run::toString);
    }

    @Test
    void shouldDecodeEveryCommittedHexToItsListedFieldsAndBack() throws IOException {
        List<String> lines = Files.readAllLines(COMMITTED, StandardCharsets.UTF_8);
        assertEquals(ChannelVectors.all().size(), lines.size());
        for (String line : lines) {
            JsonNode v = JSON.readTree(line);
            ProtocolVersion version = ProtocolVersion.valueOf(v.get("version").asText());
            assertEquals(version.code(), v.get("version_code").asInt(), line);
            byte[] hex = HexFormat.of().parseHex(v.get("hex").asText());
            ChannelMessage m = ChannelMessageCodec.decode(hex, hex.length, version);
            assertEquals(v.get("message").asText(), m.getClass().getSimpleName(), line);
            assertEquals(v.get("type").asInt(), m.type().code(), line);
            assertEquals(v.get("fields"), JSON.readTree(JSON.writeValueAsString(ChannelVectors.fields(m, version))),
                    line);
            assertArrayEquals(hex, ChannelMessageCodec.encode(m, version), line);
        }
    }

    @Test
    void shouldCoverEveryMessageTypeAndEverySizeVariant() throws IOException {
        List<JsonNode> vectors = new ArrayList<>();
        for (String line : Files.readAllLines(COMMITTED, StandardCharsets.UTF_8)) {
            vectors.add(JSON.readTree(line));
        }
        Set<Integer> types = vectors.stream().map(v -> v.get("type").asInt())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(IntStream.rangeClosed(1, 26).boxed().collect(Collectors.toCollection(TreeSet::new)), types);
        Set<String> sizes = vectors.stream().map(v -> v.get("type").asInt() + ":" + v.get("hex").asText().length() / 2)
                .collect(Collectors.toCollection(TreeSet::new));
        // vmbus-core.md §2.1/§2.2: offer 196/190, open 148/156, initiate contact 40/56, version response 16/20/40,
        // TL connect request 40/56.
        for (String variant : List.of("1:196", "1:190", "5:148", "5:156", "14:40", "14:56", "15:16", "15:20",
                "15:40", "21:40", "21:56", "26:9")) {
            assertTrue(sizes.contains(variant), () -> "variant " + variant + " missing from " + sizes);
        }
    }
}
