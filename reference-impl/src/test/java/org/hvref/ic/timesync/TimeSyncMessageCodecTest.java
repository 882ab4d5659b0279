package org.hvref.ic.timesync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcVersion;
import org.junit.jupiter.api.Test;

/** Golden layouts and validation of the two time-sync payloads (devices-ic-input-video.md §4.1). */
class TimeSyncMessageCodecTest {

    @Test
    void legacyLayoutShouldMatchTheFactSheetByteForByte() {
        TimeSyncMessage m = new TimeSyncMessage(TimeSyncLayout.LEGACY, 0x0102030405060708L, 0x1112131415161718L,
                0x2122232425262728L, 0, TimeSyncFlags.SYNC, 0, 0);
        byte[] payload = TimeSyncMessageCodec.encode(m);
        byte[] packet = IcCodec.encode(IcHeader.hostRequest(IcMessageType.TIMESYNC, IcVersion.V3_0, IcVersion.V3_0,
                payload.length), payload);
        assertEquals(53, packet.length); // ic §4.1: flags is the last byte, @52
        byte[] expected = {
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // @28 parenttime u64 LE
            0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, // @36 childtime u64 LE
            0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21, // @44 roundtriptime u64 LE
            0x01,                                           // @52 flags SYNC
        };
        assertArrayEquals(expected, Arrays.copyOfRange(packet, 28, 53));
        assertEquals(m, TimeSyncMessageCodec.decode(TimeSyncLayout.LEGACY, payload));
    }

    @Test
    void referenceLayoutShouldMatchTheFactSheetByteForByte() {
        byte[] payload = {
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // @28 parenttime u64 LE
            0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, // @36 vmreferencetime u64 LE
            0x02,                                           // @44 flags SAMPLE
            0x01,                                           // @45 leapflags
            0x03,                                           // @46 stratum
            0x00, 0x00, 0x00,                               // @47..49 reserved
        };
        TimeSyncMessage m = TimeSyncMessageCodec.decode(TimeSyncLayout.REFERENCE, payload);
        assertEquals(new TimeSyncMessage(TimeSyncLayout.REFERENCE, 0x0102030405060708L, 0, 0, 0x1112131415161718L,
                TimeSyncFlags.SAMPLE, 1, 3), m);
        assertArrayEquals(payload, TimeSyncMessageCodec.encode(m));
        byte[] packet = IcCodec.encode(IcHeader.hostRequest(IcMessageType.TIMESYNC, IcVersion.V3_0, IcVersion.V4_0,
                payload.length), payload);
        assertEquals(50, packet.length); // ic §4.1: reserved ends at packet byte 49
    }

    @Test
    void descriptorOffsetsShouldBeThePacketOffsetsOfTheFactSheetMinus28() {
        int base = TimeSyncDescriptor.PACKET_OFFSET;
        assertEquals(28, base + TimeSyncDescriptor.PARENT_TIME_OFFSET);
        assertEquals(36, base + TimeSyncDescriptor.CHILD_TIME_OFFSET);
        assertEquals(44, base + TimeSyncDescriptor.ROUND_TRIP_TIME_OFFSET);
        assertEquals(52, base + TimeSyncDescriptor.LEGACY_FLAGS_OFFSET);
        assertEquals(53, base + TimeSyncDescriptor.LEGACY_LENGTH);
        assertEquals(36, base + TimeSyncDescriptor.VM_REFERENCE_TIME_OFFSET);
        assertEquals(44, base + TimeSyncDescriptor.REF_FLAGS_OFFSET);
        assertEquals(45, base + TimeSyncDescriptor.LEAP_FLAGS_OFFSET);
        assertEquals(46, base + TimeSyncDescriptor.STRATUM_OFFSET);
        assertEquals(47, base + TimeSyncDescriptor.RESERVED_OFFSET);
        assertEquals(50, base + TimeSyncDescriptor.REF_LENGTH);
    }

    @Test
    void shortPayloadsShouldBeRefusedPerLayout() {
        MalformedTimeSyncMessageException e = assertThrows(MalformedTimeSyncMessageException.class,
                () -> TimeSyncMessageCodec.decode(TimeSyncLayout.LEGACY, new byte[24]));
        assertEquals(TimeSyncMessageError.TOO_SHORT, e.reason());
        assertEquals("time sync payload (LEGACY): 24 bytes (expected: >= 25)", e.getMessage());
        assertEquals("time sync payload (REFERENCE): 21 bytes (expected: >= 22)",
                assertThrows(MalformedTimeSyncMessageException.class,
                        () -> TimeSyncMessageCodec.decode(TimeSyncLayout.REFERENCE, new byte[21])).getMessage());
        // a 22-byte 4.0 payload is too short for the old layout
        assertThrows(MalformedTimeSyncMessageException.class,
                () -> TimeSyncMessageCodec.decode(TimeSyncLayout.LEGACY, new byte[22]));
    }

    @Test
    void unknownFlagBitsShouldBeRefused() {
        for (int flags = 4; flags < 256; flags++) {
            byte[] legacy = new byte[25];
            legacy[24] = (byte) flags;
            assertEquals(TimeSyncMessageError.UNKNOWN_FLAGS, assertThrows(MalformedTimeSyncMessageException.class,
                    () -> TimeSyncMessageCodec.decode(TimeSyncLayout.LEGACY, legacy)).reason());
            byte[] ref = new byte[22];
            ref[16] = (byte) flags;
            assertEquals(TimeSyncMessageError.UNKNOWN_FLAGS, assertThrows(MalformedTimeSyncMessageException.class,
                    () -> TimeSyncMessageCodec.decode(TimeSyncLayout.REFERENCE, ref)).reason());
        }
        byte[] both = new byte[22];
        both[16] = 3;
        assertEquals(3, TimeSyncMessageCodec.decode(TimeSyncLayout.REFERENCE, both).flags());
    }

    @Test
    void hostTimesShouldConvertAroundTheEpochAndRefuseWhatDoesNotFit() {
        long w = TimeSyncMessageCodec.WLTIMEDELTA;
        assertEquals(116444736000000000L, w);
        assertEquals(0, TimeSyncMessageCodec.toUnixNanos(w));
        assertEquals(100, TimeSyncMessageCodec.toUnixNanos(w + 1));
        long maxUnits = Long.MAX_VALUE / 100;
        assertEquals(maxUnits * 100, TimeSyncMessageCodec.toUnixNanos(w + maxUnits));
        for (long bad : new long[] {0, w - 1, w + maxUnits + 1, -1L, Long.MIN_VALUE}) {
            assertEquals(TimeSyncMessageError.TIME_OUT_OF_RANGE, assertThrows(MalformedTimeSyncMessageException.class,
                    () -> TimeSyncMessageCodec.toUnixNanos(bad)).reason(), Long.toUnsignedString(bad));
        }
        assertEquals(w + 10_000_000, TimeSyncMessageCodec.toHostTime(1_000_000_099L)); // truncated to 100 ns
        assertThrows(IllegalArgumentException.class, () -> TimeSyncMessageCodec.toHostTime(-1));
    }

    @Test
    void theLayoutShouldFollowTheMessageVersion() {
        assertEquals(TimeSyncLayout.LEGACY, TimeSyncLayout.forVersion(IcVersion.V1_0));
        assertEquals(TimeSyncLayout.LEGACY, TimeSyncLayout.forVersion(IcVersion.V3_0));
        assertEquals(TimeSyncLayout.LEGACY, TimeSyncLayout.forVersion(new IcVersion(3, 9)));
        assertEquals(TimeSyncLayout.REFERENCE, TimeSyncLayout.forVersion(IcVersion.V4_0));
        assertEquals(TimeSyncLayout.REFERENCE, TimeSyncLayout.forVersion(IcVersion.V5_0));
    }

    @Test
    void messagesShouldRejectFieldsOutsideTheirLayout() {
        assertThrows(IllegalArgumentException.class,
                () -> new TimeSyncMessage(TimeSyncLayout.LEGACY, 0, 0, 0, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TimeSyncMessage(TimeSyncLayout.REFERENCE, 0, 1, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TimeSyncMessage(TimeSyncLayout.REFERENCE, 0, 0, 0, 0, 256, 0, 0));
    }
}
