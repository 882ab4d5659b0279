package org.hvref.storage.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hvref.wire.Guid;
import org.junit.jupiter.api.Test;

/** The size table of devices-net-storage-pci.md §3.2 checked against every descriptor, and the value tables. */
class VstorLayoutTest {

    record Field(String name, int offset, int length) {
    }

    /** Reads each {@code <field>Offset()} / {@code <field>Length()} pair, in offset order. */
    static List<Field> fields(Class<?> descriptor) throws Exception {
        List<Field> out = new ArrayList<>();
        for (Method m : descriptor.getMethods()) {
            String n = m.getName();
            if (n.endsWith("Offset") && m.getParameterCount() == 0) {
                String base = n.substring(0, n.length() - "Offset".length());
                int length = (int) descriptor.getMethod(base + "Length").invoke(null);
                out.add(new Field(base, (int) m.invoke(null), length));
            }
        }
        out.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return out;
    }

    /** Fields are contiguous from 0 and end at {@code length}. */
    static void assertContiguous(Class<?> descriptor, int length) throws Exception {
        int next = 0;
        for (Field f : fields(descriptor)) {
            assertEquals(next, f.offset(), descriptor.getSimpleName() + "." + f.name());
            next += f.length();
        }
        assertEquals(length, next, descriptor.getSimpleName() + " length");
    }

    @Test
    void shouldMatchTheSizeTable() throws Exception {
        assertContiguous(VstorPacketDescriptor.class, 64);
        assertContiguous(VmScsiRequestDescriptor.class, 52);
        assertContiguous(StorageChannelPropertiesDescriptor.class, 24);
        assertContiguous(VstorVersionDescriptor.class, 4);
        assertContiguous(SubChannelCountDescriptor.class, 2);
        assertEquals(64, VstorPacketDescriptor.LENGTH);
        assertEquals(48, VstorPacketDescriptor.LENGTH_PRE_WIN8);
        assertEquals(0x34, VmScsiRequestDescriptor.LENGTH);
        assertEquals(0x24, VmScsiRequestDescriptor.LENGTH_PRE_WIN8);
        assertEquals(16, VmScsiRequestDescriptor.LENGTH - VmScsiRequestDescriptor.LENGTH_PRE_WIN8, "size delta");
        assertEquals(VmScsiRequestDescriptor.LENGTH_PRE_WIN8, VmScsiRequestDescriptor.RESERVE_OFFSET,
                "the Win8 extension starts where the pre-Win8 struct ends");
        assertEquals(12, VstorPacketDescriptor.PAYLOAD_OFFSET);
    }

    @Test
    void shouldSizeBothForms() {
        assertEquals(64, VstorPacketForm.WIN8.packetLength());
        assertEquals(52, VstorPacketForm.WIN8.payloadLength());
        assertEquals(20, VstorPacketForm.WIN8.senseLength());
        assertEquals(48, VstorPacketForm.PRE_WIN8.packetLength());
        assertEquals(36, VstorPacketForm.PRE_WIN8.payloadLength());
        assertEquals(18, VstorPacketForm.PRE_WIN8.senseLength());
        assertEquals(VstorPacketForm.WIN8, VstorPacketForm.ofLength(64));
        assertEquals(VstorPacketForm.PRE_WIN8, VstorPacketForm.ofLength(48));
        assertEquals(null, VstorPacketForm.ofLength(52));
    }

    @Test
    void shouldEncodeVersionsAsMajorHighByte() {
        assertEquals(0x0200, VstorProtocolVersion.WIN6.value());
        assertEquals(0x0402, VstorProtocolVersion.WIN7.value());
        assertEquals(0x0501, VstorProtocolVersion.WIN8.value());
        assertEquals(0x0600, VstorProtocolVersion.WIN8_1.value());
        assertEquals(0x0602, VstorProtocolVersion.WIN10.value());
        assertEquals(0x0A00, VstorProtocolVersion.WIN10_1.value());
        assertEquals(VstorProtocolVersion.WIN10, VstorProtocolVersion.of(6, 2));
        assertEquals(6, VstorProtocolVersion.WIN10.major());
        assertEquals(2, VstorProtocolVersion.WIN10.minor());
        assertEquals("4.2", VstorProtocolVersion.WIN7.toString());
        assertEquals(VstorPacketForm.PRE_WIN8, VstorProtocolVersion.WIN7.form());
        assertEquals(VstorPacketForm.WIN8, VstorProtocolVersion.WIN8.form());
        assertEquals(VstorPacketForm.PRE_WIN8, VstorProtocolVersion.of(5, 0).form());
        assertEquals(List.of(VstorProtocolVersion.WIN10, VstorProtocolVersion.WIN8_1, VstorProtocolVersion.WIN8),
                VstorProtocolVersion.LINUX_OFFERS);
        assertTrue(VstorProtocolVersion.LINUX_OFFERS.stream().filter(VstorProtocolVersion.OPENVMM_ACCEPTS::contains)
                .findFirst().orElseThrow().equals(VstorProtocolVersion.WIN8_1), "the §3.1 disagreement settles on 6.0");
    }

    @Test
    void shouldMaskSrbStatusFlagsExactly() {
        assertEquals(SrbStatus.ERROR, SrbStatus.code(0xC4));
        assertEquals(SrbStatus.ABORTED, SrbStatus.code(SrbStatus.ABORTED | SrbStatus.AUTOSENSE_VALID));
        assertEquals(SrbStatus.INTERNAL_ERROR, SrbStatus.code(0x70));
        assertEquals(SrbStatus.INVALID_LUN, SrbStatus.code(0x60));
        assertTrue(SrbStatus.autosenseValid(0x84));
        assertTrue(!SrbStatus.autosenseValid(0x44));
        assertTrue(SrbStatus.queueFrozen(0x44));
        assertTrue(!SrbStatus.queueFrozen(0x84));
        for (int raw = 0; raw < 256; raw++) {
            assertEquals(raw & 0x3F, SrbStatus.code(raw), "raw " + raw);
        }
    }

    @Test
    void shouldSpellTheClassGuidsMixedEndian() {
        assertEquals(UUID.fromString("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"), StorvscDeviceClass.SCSI.classId());
        assertEquals(UUID.fromString("32412632-86cb-44a2-9b5c-50d1417354f5"), StorvscDeviceClass.IDE.classId());
        byte[] scsi = {(byte) 0xd9, 0x63, 0x61, (byte) 0xba, (byte) 0xa1, 0x04, 0x29, 0x4d,
            (byte) 0xb6, 0x05, 0x72, (byte) 0xe2, (byte) 0xff, (byte) 0xb1, (byte) 0xdc, 0x7f};
        org.junit.jupiter.api.Assertions.assertArrayEquals(scsi, Guid.toWire(StorvscDeviceClass.SCSI.classId()));
        assertEquals(StorvscDeviceClass.IDE, StorvscDeviceClass.of(StorvscDeviceClass.IDE.classId()).orElseThrow());
        assertTrue(StorvscDeviceClass.of(UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e")).isEmpty());
        assertTrue(!StorvscDeviceClass.IDE.allowsSubChannels());
        assertTrue(StorvscDeviceClass.SCSI.allowsSubChannels());
    }

    @Test
    void shouldKeepStatusValuesOfTheFactSheet() {
        assertEquals(0xC0000059, VstorStatus.REVISION_MISMATCH);
        assertEquals(0xC0000184, VstorStatus.INVALID_DEVICE_STATE);
        assertTrue(VstorStatus.isError(VstorStatus.IO_DEVICE_ERROR));
        assertTrue(!VstorStatus.isError(VstorStatus.BUFFER_OVERFLOW));
        assertTrue(!VstorStatus.isError(VstorStatus.SUCCESS));
        assertEquals(2, ScsiStatus.CHECK_CONDITION);
        assertEquals(DataDirection.NONE, DataDirection.of(2).orElseThrow());
        assertTrue(DataDirection.of(3).isEmpty());
    }

    @Test
    void shouldCatalogThePayloadOfEveryOperation() {
        assertEquals(List.of(VstorOperation.values()), List.copyOf(VstorPacketCatalog.entries().keySet()));
        assertEquals(VstorPayloadKind.SRB, VstorPacketCatalog.entry(VstorOperation.EXECUTE_SRB).request());
        assertEquals(VstorPayloadKind.SRB, VstorPacketCatalog.entry(VstorOperation.EXECUTE_SRB).completion());
        assertEquals(VstorPayloadKind.VERSION,
                VstorPacketCatalog.entry(VstorOperation.QUERY_PROTOCOL_VERSION).completion());
        assertEquals(VstorPayloadKind.PROPERTIES, VstorPacketCatalog.entry(VstorOperation.QUERY_PROPERTIES).completion());
        assertEquals(VstorPayloadKind.SUB_CHANNEL_COUNT,
                VstorPacketCatalog.entry(VstorOperation.CREATE_SUB_CHANNELS).request());
        assertEquals(VstorPayloadKind.OPAQUE, VstorPacketCatalog.entry(VstorOperation.RESET_BUS).request());
    }
}
