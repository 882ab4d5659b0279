package org.hvref.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ring images pass both ways between the Java ring and DPDK 22.11's VMBus ring (through {@link DpdkRingPeer}).
 */
class DpdkRingInteropTest {

    private static final int CONTROL_PAGE = 4096;

    private static DpdkRingPeer peer;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPeer() {
        peer = DpdkRingPeer.build();
    }

    @Test
    void shouldFrameDpdkPacketsAsTheFactSheetDescribes() throws IOException {
        Path image = emptyImage("framing.img", 4096);
        DpdkRingPeer.Result r = peer.write(image, List.of(
                "inband 6 1 7 0102030405",   // 5 payload bytes: len8 = 3, 3 bytes of zero pad
                "inband 11 0 9 -"));         // a completion without payload: len8 = 2
        assertEquals(0, r.exitStatus(), r.stderr());
        ByteBuffer data = dataRegion(image);
        // packet 1 at offset 0
        assertEquals(6, data.getShort(0));                        // offset 0: type
        assertEquals(2, data.getShort(2));                        // offset 2: offset8
        assertEquals(3, data.getShort(4));                        // offset 4: len8
        assertEquals(1, data.getShort(6));                        // offset 6: flags (completion requested)
        assertEquals(7L, data.getLong(8));                        // offset 8: transaction id
        assertEquals(0x0000000504030201L, data.getLong(16));      // offset 16: payload + zero pad
        assertEquals(0L, data.getLong(24));                       // offset 24: trailer (start 0) << 32
        // packet 2 at offset 32
        assertEquals(0x0002_0002_000bL, data.getLong(32) & 0xFFFF_FFFF_FFFFL);
        assertEquals(9L, data.getLong(40));
        assertEquals(32L << 32, data.getLong(48));                // trailer: start offset 32 in the high half
        JsonNode state = r.finalState();
        assertEquals(56, state.get("writeIndex").asInt());
    }

    private Path emptyImage(String name, int dataSize) throws IOException {
        Path image = dir.resolve(name);
        Files.write(image, new byte[CONTROL_PAGE + dataSize]);
        return image;
    }

    private static ByteBuffer dataRegion(Path image) throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        return ByteBuffer.wrap(bytes, CONTROL_PAGE, bytes.length - CONTROL_PAGE).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
