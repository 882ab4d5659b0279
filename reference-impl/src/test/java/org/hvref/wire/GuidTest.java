package org.hvref.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Mixed-endian GUID wire order (vmbus-core.md §9.0). */
class GuidTest {

    @Test
    void shouldEncodeTheFactSheetExampleInWireOrder() {
        UUID id = UUID.fromString("628180b8-308d-4c5e-b7db-1beb62e62ef4");
        byte[] wire = {
            (byte) 0xb8, (byte) 0x80, (byte) 0x81, 0x62, // Data1 628180b8 as LE u32
            (byte) 0x8d, 0x30,                           // Data2 308d as LE u16
            0x5e, 0x4c,                                  // Data3 4c5e as LE u16
            (byte) 0xb7, (byte) 0xdb, 0x1b, (byte) 0xeb, 0x62, (byte) 0xe6, 0x2e, (byte) 0xf4}; // Data4 as written
        assertArrayEquals(wire, Guid.toWire(id));
        assertEquals(id, Guid.fromWire(wire));
    }

    @Test
    void shouldEncodeTheSyntheticNetworkClassGuid() {
        UUID netvsc = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e"); // §9.1 synthetic network
        byte[] wire = {
            0x63, 0x51, 0x61, (byte) 0xf8,               // Data1 f8615163
            0x3e, (byte) 0xdf,                           // Data2 df3e
            (byte) 0xc5, 0x46,                           // Data3 46c5
            (byte) 0x91, 0x3f, (byte) 0xf2, (byte) 0xd2, (byte) 0xf9, 0x65, (byte) 0xed, 0x0e}; // Data4
        assertArrayEquals(wire, Guid.toWire(netvsc));
        assertEquals(netvsc, Guid.fromWire(wire));
    }

    @Test
    void shouldRejectWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> Guid.fromWire(new byte[15]));
    }
}
