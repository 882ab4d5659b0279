package org.hvref.ic.shutdown;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcVersion;
import org.junit.jupiter.api.Test;

/** Golden layout and validation of the shutdown payload (devices-ic-input-video.md §3). */
class ShutdownMessageCodecTest {

    @Test
    void shouldEncodeTheHostsForcedRestartByteForByte() {
        byte[] payload = ShutdownMessageCodec.encode(ShutdownMessage.fromHost(ShutdownAction.RESTART, true));
        byte[] packet = IcCodec.encode(IcHeader.hostRequest(IcMessageType.SHUTDOWN, IcVersion.V3_0, IcVersion.V3_2,
                payload.length), payload);
        assertEquals(2088, packet.length); // ic §3: display_message ends at packet byte 2087
        byte[] head = {
            0x00, 0x00, 0x00, (byte) 0x80, // @28 reason_code 0x80000000 SHTDN_REASON_FLAG_PLANNED (OVMM)
            0x00, 0x00, 0x00, 0x00,        // @32 timeout_seconds 0 (OVMM)
            0x03, 0x00, 0x00, 0x00,        // @36 flags FORCE|RESTART
        };
        assertArrayEquals(head, Arrays.copyOfRange(packet, 28, 40));
        assertArrayEquals(new byte[2048], Arrays.copyOfRange(packet, 40, 2088)); // @40 display_message all zero
        // the IC header around it: icmsgtype 3 @12, icmsgsize 2060 @18, icflags TRANSACTION|REQUEST @25
        assertArrayEquals(new byte[] {0x03, 0x00}, Arrays.copyOfRange(packet, 12, 14));
        assertArrayEquals(new byte[] {0x0C, 0x08}, Arrays.copyOfRange(packet, 18, 20));
        assertEquals(3, packet[25]);
    }

    @Test
    void shouldDecodeEveryFieldFromHandWrittenBytes() {
        byte[] p = new byte[2060];
        p[0] = 0x01; p[1] = 0x02; p[2] = 0x03; p[3] = 0x04;             // reason_code 0x04030201
        p[4] = 0x1E;                                                      // timeout_seconds 30
        p[8] = 0x01;                                                      // flags FORCE
        p[12] = 'H'; p[13] = 0; p[14] = 'i'; p[2059] = 0x7F;              // display_message first and last byte
        ShutdownMessage m = ShutdownMessageCodec.decode(p);
        assertEquals(0x04030201, m.reasonCode());
        assertEquals(30, m.timeoutSeconds());
        assertEquals(ShutdownFlags.FORCE, m.flags());
        assertEquals('H', m.displayMessage()[0]);
        assertEquals('i', m.displayMessage()[2]);
        assertEquals(0x7F, m.displayMessage()[2047]);
        assertArrayEquals(p, ShutdownMessageCodec.encode(m));
    }

    @Test
    void descriptorOffsetsShouldBeThePacketOffsetsOfTheFactSheetMinus28() {
        assertEquals(28, ShutdownDescriptor.PACKET_OFFSET + ShutdownDescriptor.REASON_CODE_OFFSET);
        assertEquals(32, ShutdownDescriptor.PACKET_OFFSET + ShutdownDescriptor.TIMEOUT_SECONDS_OFFSET);
        assertEquals(36, ShutdownDescriptor.PACKET_OFFSET + ShutdownDescriptor.FLAGS_OFFSET);
        assertEquals(40, ShutdownDescriptor.PACKET_OFFSET + ShutdownDescriptor.DISPLAY_MESSAGE_OFFSET);
        assertEquals(2060, ShutdownDescriptor.ENCODED_LENGTH);
        assertEquals(2088, ShutdownDescriptor.PACKET_LENGTH);
    }

    @Test
    void shouldRefuseAShortPayloadWithItsLength() {
        MalformedShutdownMessageException e = assertThrows(MalformedShutdownMessageException.class,
                () -> ShutdownMessageCodec.decode(new byte[12]));
        assertEquals(ShutdownMessageError.TOO_SHORT, e.reason());
        assertEquals("shutdown payload: 12 bytes (expected: >= 2060)", e.getMessage());
        assertThrows(MalformedShutdownMessageException.class, () -> ShutdownMessageCodec.decode(new byte[2059]));
    }

    @Test
    void shouldAcceptALongerPayloadAndReadOnlyTheStruct() {
        byte[] p = Arrays.copyOf(ShutdownMessageCodec.encode(ShutdownMessage.fromHost(ShutdownAction.SHUT_DOWN,
                false)), 2100);
        Arrays.fill(p, 2060, 2100, (byte) 0x55);
        assertEquals(ShutdownMessage.fromHost(ShutdownAction.SHUT_DOWN, false), ShutdownMessageCodec.decode(p));
    }

    @Test
    void shouldRefuseEveryReservedFlagBit() {
        for (int bit = 3; bit < 32; bit++) {
            byte[] p = new byte[2060];
            ByteBuffer.wrap(p).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 1 << bit);
            MalformedShutdownMessageException e = assertThrows(MalformedShutdownMessageException.class,
                    () -> ShutdownMessageCodec.decode(p));
            assertEquals(ShutdownMessageError.RESERVED_FLAGS, e.reason(), "bit " + bit);
        }
        assertEquals("shutdown flags: 0x8 (expected: reserved bits 3..31 zero)", assertThrows(
                MalformedShutdownMessageException.class, () -> {
                    byte[] p = new byte[2060];
                    p[8] = 8;
                    ShutdownMessageCodec.decode(p);
                }).getMessage());
    }

    @Test
    void shouldDecodeFromABufferPositionWithoutMovingIt() {
        byte[] framed = new byte[28 + 2060];
        framed[28 + 8] = 2;
        ByteBuffer b = ByteBuffer.wrap(framed, 28, 2060);
        assertEquals(ShutdownFlags.RESTART, ShutdownMessageCodec.decode(b).flags());
        assertEquals(28, b.position());
    }

    @Test
    void flagValuesShouldNameTheirActions() {
        assertEquals(Optional.of(ShutdownAction.SHUT_DOWN), ShutdownAction.fromFlags(0));
        assertEquals(Optional.of(ShutdownAction.SHUT_DOWN), ShutdownAction.fromFlags(1));
        assertEquals(Optional.of(ShutdownAction.RESTART), ShutdownAction.fromFlags(2));
        assertEquals(Optional.of(ShutdownAction.RESTART), ShutdownAction.fromFlags(3));
        assertEquals(Optional.of(ShutdownAction.HIBERNATE), ShutdownAction.fromFlags(4));
        assertEquals(Optional.of(ShutdownAction.HIBERNATE), ShutdownAction.fromFlags(5));
        assertEquals(Optional.empty(), ShutdownAction.fromFlags(6));
        assertEquals(Optional.empty(), ShutdownAction.fromFlags(7));
        assertEquals(Optional.empty(), ShutdownAction.fromFlags(8));
        for (ShutdownAction a : ShutdownAction.values()) {
            assertEquals(Optional.of(a), ShutdownAction.fromFlags(ShutdownFlags.of(a, true)));
            assertEquals(Optional.of(a), ShutdownAction.fromFlags(ShutdownFlags.of(a, false)));
        }
    }

    @Test
    void messageShouldRejectBadConstructorArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ShutdownMessage(0, 0, 8, new byte[2048]));
        assertThrows(IllegalArgumentException.class, () -> new ShutdownMessage(0, 0, 0, new byte[2047]));
    }
}
