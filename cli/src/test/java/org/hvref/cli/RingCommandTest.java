package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path packets(String... lines) throws IOException {
        Path file = dir.resolve("packets.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    private static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void shouldDecodeWhatEncodeWrote() throws IOException {
        Path in = packets(
                "{\"type\":6,\"flags\":1,\"transactionId\":\"18446744073709551615\",\"data\":\"0102030405060708\"}",
                "",
                "{\"type\":11,\"flags\":0,\"transactionId\":7,\"data\":\"aabbcc\"}",
                "{\"type\":9,\"flags\":1,\"transactionId\":\"3\",\"offset8\":3,\"data\":\"00000000010000001122\"}");
        Path image = dir.resolve("ring.img");

        CliRun encode = CliRun.of("ring", "encode", in.toString(), image.toString(), "--data-size", "4096");
        assertEquals(ExitCodes.OK, encode.status(), encode::toString);
        assertEquals(4096 + 4096, Files.size(image));
        assertTrue(encode.out().contains("3 packets, 104 of 4096 data bytes used, writeIndex 104"), encode::toString);

        CliRun decode = CliRun.of("ring", "decode", image.toString());
        assertEquals(ExitCodes.OK, decode.status(), decode::toString);
        List<JsonNode> lines = jsonLines(decode.out());
        assertEquals(4, lines.size(), decode::toString);
        assertEquals(JSON.readTree("{\"writeIndex\":104,\"readIndex\":0,\"interruptMask\":0,"
                + "\"pendingSendSize\":0,\"featureBits\":1}"), lines.get(0));
        // 16-byte descriptor + 8 data bytes = len8 3; ring length 24 + 8 trailer = 32
        assertEquals(JSON.readTree("{\"offset\":0,\"type\":6,\"offset8\":2,\"len8\":3,\"flags\":1,"
                + "\"transactionId\":\"18446744073709551615\",\"data\":\"0102030405060708\","
                + "\"trailer\":\"0000000000000000\"}"), lines.get(1));
        // 3 data bytes padded with zeros to 8; trailer holds start offset 32 in its high half
        assertEquals(JSON.readTree("{\"offset\":32,\"type\":11,\"offset8\":2,\"len8\":3,\"flags\":0,"
                + "\"transactionId\":\"7\",\"data\":\"aabbcc0000000000\",\"trailer\":\"0000000020000000\"}"),
                lines.get(2));
        // 16 + 10 bytes = len8 4 (ring length 40); offset8 3: the first 8 data bytes are the type-specific header, data starts after it
        assertEquals(JSON.readTree("{\"offset\":64,\"type\":9,\"offset8\":3,\"len8\":4,\"flags\":1,"
                + "\"transactionId\":\"3\",\"data\":\"1122000000000000\",\"trailer\":\"0000000040000000\"}"),
                lines.get(3));
        assertEquals("", decode.err());
    }

    @Test
    void shouldWriteRequestedFeatureBits() throws IOException {
        Path image = dir.resolve("ring.img");
        CliRun encode = CliRun.of("ring", "encode", packets().toString(), image.toString(),
                "--data-size", "64", "--feature-bits", "0");
        assertEquals(ExitCodes.OK, encode.status(), encode::toString);
        assertEquals(4096 + 64, Files.size(image));
        CliRun decode = CliRun.of("ring", "decode", image.toString());
        assertEquals(ExitCodes.OK, decode.status(), decode::toString);
        assertEquals(0, jsonLines(decode.out()).get(0).get("featureBits").asInt());
        assertEquals(1, jsonLines(decode.out()).size(), decode::toString);
    }

    @Test
    void shouldEndWithErrorLineAndExit2WhenTrailerIsCorrupt() throws IOException {
        Path image = dir.resolve("ring.img");
        Path in = packets(
                "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"0101010101010101\"}",
                "{\"type\":6,\"flags\":0,\"transactionId\":2,\"data\":\"0202020202020202\"}");
        assertEquals(ExitCodes.OK, CliRun.of("ring", "encode", in.toString(), image.toString(),
                "--data-size", "4096").status());
        byte[] bytes = Files.readAllBytes(image);
        // second packet starts at data offset 32; its trailer is at 32 + 24; claim it started at 8
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(4096 + 32 + 24, 8L << 32);
        Files.write(image, bytes);

        CliRun decode = CliRun.of("ring", "decode", image.toString());
        assertEquals(ExitCodes.BAD_INPUT, decode.status(), decode::toString);
        List<JsonNode> lines = jsonLines(decode.out());
        assertEquals(3, lines.size(), decode::toString);
        assertEquals("1", lines.get(1).get("transactionId").asText());
        JsonNode error = lines.get(2);
        assertEquals(2, error.size(), decode::toString);
        assertEquals(32, error.get("offset").asInt(), decode::toString);
        assertTrue(error.get("error").asText().contains("trailer"), decode::toString);
    }

    @Test
    void shouldReportBadWriteIndexAtTheReadPosition() throws IOException {
        Path image = dir.resolve("ring.img");
        byte[] bytes = new byte[4096 + 4096];
        ByteBuffer control = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        control.putInt(0, 4100); // write_index out of range
        control.putInt(4, 16);   // read_index
        Files.write(image, bytes);

        CliRun decode = CliRun.of("ring", "decode", image.toString());
        assertEquals(ExitCodes.BAD_INPUT, decode.status(), decode::toString);
        List<JsonNode> lines = jsonLines(decode.out());
        assertEquals(2, lines.size(), decode::toString);
        assertEquals(4100, lines.get(0).get("writeIndex").asInt());
        assertEquals(16, lines.get(1).get("offset").asInt(), decode::toString);
        assertTrue(lines.get(1).get("error").asText().contains("4100"), decode::toString);
    }

    @Test
    void shouldRejectImageSmallerThanControlPage() throws IOException {
        Path image = dir.resolve("short.img");
        Files.write(image, new byte[100]);
        CliRun decode = CliRun.of("ring", "decode", image.toString());
        assertEquals(ExitCodes.BAD_INPUT, decode.status(), decode::toString);
        assertEquals("hvref: image size: 100 bytes (expected: >= 4104, a 4096-byte control page followed by the "
                + "data region)\n", decode.err());
        assertEquals("", decode.out());
    }

    @Test
    void shouldRejectDataSizeLargerThanImage() throws IOException {
        Path image = dir.resolve("ring.img");
        Files.write(image, new byte[4096 + 64]);
        CliRun decode = CliRun.of("ring", "decode", image.toString(), "--data-size", "128");
        assertEquals(ExitCodes.BAD_INPUT, decode.status(), decode::toString);
        assertTrue(decode.err().startsWith("hvref: data size: 128 (expected: <= 64,"), decode::toString);
    }

    @Test
    void shouldRejectMissingImage() {
        CliRun decode = CliRun.of("ring", "decode", dir.resolve("none.img").toString());
        assertEquals(ExitCodes.BAD_INPUT, decode.status(), decode::toString);
        assertTrue(decode.err().contains("no such file"), decode::toString);
        assertFalse(decode.err().contains("Exception"), decode::toString);
    }

    @Test
    void shouldNameTheLineThatOverflowsTheRing() throws IOException {
        Path image = dir.resolve("ring.img");
        // each packet takes 16 + 8 + 8 = 32 ring bytes; a 64-byte ring holds one (free must stay > len)
        Path in = packets(
                "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"0101010101010101\"}",
                "{\"type\":6,\"flags\":0,\"transactionId\":2,\"data\":\"0202020202020202\"}");
        CliRun encode = CliRun.of("ring", "encode", in.toString(), image.toString(), "--data-size", "64");
        assertEquals(ExitCodes.BAD_INPUT, encode.status(), encode::toString);
        assertTrue(encode.err().startsWith("hvref: line 2: ring overflow: packet needs 32 bytes, 32 free"),
                encode::toString);
        assertFalse(Files.exists(image), "no image is written on error");
    }

    @Test
    void shouldNameTheLineOfAPacketLargerThanTheRing() throws IOException {
        Path image = dir.resolve("ring.img");
        Path in = packets("{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"" + "00".repeat(64) + "\"}");
        CliRun encode = CliRun.of("ring", "encode", in.toString(), image.toString(), "--data-size", "64");
        assertEquals(ExitCodes.BAD_INPUT, encode.status(), encode::toString);
        assertTrue(encode.err().startsWith("hvref: line 1: packet ring length: 88 bytes"), encode::toString);
    }

    @Test
    void shouldNameTheMalformedLine() throws IOException {
        Path image = dir.resolve("ring.img");
        Path in = packets(
                "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"01\"}",
                "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"0g\"}");
        CliRun encode = CliRun.of("ring", "encode", in.toString(), image.toString(), "--data-size", "4096");
        assertEquals(ExitCodes.BAD_INPUT, encode.status(), encode::toString);
        assertEquals("hvref: line 2: data: \"0g\" (expected: a string of hex digit pairs)\n", encode.err());
        assertFalse(Files.exists(image));
    }

    @Test
    void shouldRejectDataSizeNotMultipleOf8() throws IOException {
        CliRun encode = CliRun.of("ring", "encode", packets().toString(), dir.resolve("r.img").toString(),
                "--data-size", "100");
        assertEquals(ExitCodes.BAD_INPUT, encode.status(), encode::toString);
        assertTrue(encode.err().startsWith("hvref: data size: 100 (expected: a positive multiple of 8"),
                encode::toString);
    }

    @Test
    void shouldRequireDataSizeForEncode() throws IOException {
        CliRun encode = CliRun.of("ring", "encode", packets().toString(), dir.resolve("r.img").toString());
        assertEquals(ExitCodes.BAD_INPUT, encode.status(), encode::toString);
        assertTrue(encode.err().contains("--data-size"), encode::toString);
    }
}
