package org.hvref.disk.vhdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hvref.disk.DamagedImageException;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the VHDX header, region table and metadata, taken from an image made by
 * {@code qemu-img create -f vhdx a.vhdx 64M} (qemu 7.2), and their checks.
 */
class VhdxStructureTest {
    private static final UUID FILE_WRITE = UUID.fromString("1422c525-3885-a842-9a6d-408df3369fce");
    private static final UUID DATA_WRITE = UUID.fromString("ae6e9fae-2d5d-0c4b-bae8-be4519920ac0");

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void shouldEncodeHeaderAsQemuDid() throws Exception {
        VhdxHeader h = new VhdxHeader(0x51a1fbf6L, FILE_WRITE, DATA_WRITE, VhdxHeader.NIL, 0, 1, VhdxLayout.MIB,
                VhdxLayout.MIB);
        byte[] golden = bytes(
                0x68, 0x65, 0x61, 0x64, // "head"
                0x19, 0x76, 0x50, 0xa6, // CRC-32C 0xa6507619
                0xf6, 0xfb, 0xa1, 0x51, 0, 0, 0, 0, // sequence 0x51a1fbf6
                0x25, 0xc5, 0x22, 0x14, 0x85, 0x38, 0x42, 0xa8, 0x9a, 0x6d, 0x40, 0x8d, 0xf3, 0x36, 0x9f, 0xce, // FWG
                0xae, 0x9f, 0x6e, 0xae, 0x5d, 0x2d, 0x4b, 0x0c, 0xba, 0xe8, 0xbe, 0x45, 0x19, 0x92, 0x0a, 0xc0, // DWG
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // LogGuid: clean
                0, 0, // LogVersion 0
                1, 0, // Version 1
                0, 0, 0x10, 0, // LogLength 1 MiB
                0, 0, 0x10, 0, 0, 0, 0, 0); // LogOffset 1 MiB
        byte[] encoded = h.encode();
        assertArrayEquals(golden, Arrays.copyOf(encoded, 80));
        assertTrue(Arrays.equals(new byte[4096 - 80], Arrays.copyOfRange(encoded, 80, 4096)));
        assertEquals(h, VhdxHeader.decode(encoded, "header 1"));
    }

    @Test
    void shouldRejectHeaderWithBadChecksumOrVersion() {
        byte[] b = new VhdxHeader(7, FILE_WRITE, DATA_WRITE, VhdxHeader.NIL, 0, 1, VhdxLayout.MIB, VhdxLayout.MIB)
                .encode();
        b[100] = 1;
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdxHeader.decode(b, "header 2"));
        assertTrue(e.getMessage().startsWith("vhdx header 2: checksum"), e.getMessage());
        byte[] v2 = new VhdxHeader(7, FILE_WRITE, DATA_WRITE, VhdxHeader.NIL, 0, 2, VhdxLayout.MIB, VhdxLayout.MIB)
                .encode();
        assertEquals("vhdx header 1: version 2 (expected: 1)",
                assertThrows(DamagedImageException.class, () -> VhdxHeader.decode(v2, "header 1")).getMessage());
    }

    @Test
    void shouldEncodeRegionTableAsQemuDid() throws Exception {
        VhdxRegionTable t = new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, 2 * VhdxLayout.MIB, VhdxLayout.MIB, false),
                new VhdxRegionTable.Region(VhdxLayout.METADATA_REGION, 3 * VhdxLayout.MIB, VhdxLayout.MIB, false)));
        byte[] golden = bytes(
                0x72, 0x65, 0x67, 0x69, // "regi"
                0x83, 0xce, 0x6f, 0x2c, // CRC-32C over 64 KiB
                2, 0, 0, 0, 0, 0, 0, 0, // 2 entries, reserved
                0x66, 0x77, 0xc2, 0x2d, 0x23, 0xf6, 0x00, 0x42, 0x9d, 0x64, 0x11, 0x5e, 0x9b, 0xfd, 0x4a, 0x08, // BAT
                0, 0, 0x20, 0, 0, 0, 0, 0, // at 2 MiB
                0, 0, 0x10, 0, 0, 0, 0, 0, // 1 MiB, required bit clear (qemu)
                0x06, 0xa2, 0x7c, 0x8b, 0x90, 0x47, 0x9a, 0x4b, 0xb8, 0xfe, 0x57, 0x5f, 0x05, 0x0f, 0x88, 0x6e, // meta
                0, 0, 0x30, 0, 0, 0, 0, 0, // at 3 MiB
                0, 0, 0x10, 0, 0, 0, 0, 0); // 1 MiB
        byte[] encoded = t.encode();
        assertEquals(VhdxLayout.REGION_TABLE_SIZE, encoded.length);
        assertArrayEquals(golden, Arrays.copyOf(encoded, 80));
        assertEquals(t, VhdxRegionTable.decode(encoded, "region table 1"));
        assertFalse(t.find(VhdxLayout.BAT_REGION).required());
    }

    @Test
    void shouldRejectRegionTableWithBadEntries() {
        byte[] misaligned = new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, 2 * VhdxLayout.MIB + 4096, VhdxLayout.MIB, true)))
                .encode();
        assertThrows(DamagedImageException.class, () -> VhdxRegionTable.decode(misaligned, "region table 1"));
        byte[] corrupt = new VhdxRegionTable(List.of()).encode();
        corrupt[20] = 9;
        assertThrows(DamagedImageException.class, () -> VhdxRegionTable.decode(corrupt, "region table 1"));
        VhdxRegionTable twice = new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, 2 * VhdxLayout.MIB, VhdxLayout.MIB, true),
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, 4 * VhdxLayout.MIB, VhdxLayout.MIB, true)));
        assertThrows(DamagedImageException.class, () -> twice.find(VhdxLayout.BAT_REGION));
        assertThrows(DamagedImageException.class,
                () -> new VhdxRegionTable(List.of()).find(VhdxLayout.METADATA_REGION));
    }

    @Test
    void shouldEncodeMetadataAsQemuDid() throws Exception {
        VhdxMetadata m = new VhdxMetadata(8 * VhdxLayout.MIB, false, 64 * VhdxLayout.MIB, 512, 512,
                UUID.fromString("10767e3e-cf44-4d42-bcac-c02849b4fa3b"));
        byte[] table = bytes(
                0x6d, 0x65, 0x74, 0x61, 0x64, 0x61, 0x74, 0x61, 0, 0, 5, 0, 0, 0, 0, 0, // "metadata", 5 entries
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0x37, 0x67, 0xa1, 0xca, 0x36, 0xfa, 0x43, 0x4d, 0xb3, 0xb6, 0x33, 0xf0, 0xaa, 0x44, 0xe7, 0x6b, // params
                0, 0, 1, 0, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, // +64 KiB, 8 bytes, required
                0x24, 0x42, 0xa5, 0x2f, 0x1b, 0xcd, 0x76, 0x48, 0xb2, 0x11, 0x5d, 0xbe, 0xd8, 0x3b, 0xf4, 0xb8, // size
                8, 0, 1, 0, 8, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, // required + virtual disk
                0xab, 0x12, 0xca, 0xbe, 0xe6, 0xb2, 0x23, 0x45, 0x93, 0xef, 0xc3, 0x09, 0xe0, 0x00, 0xc7, 0x46, // p83
                0x10, 0, 1, 0, 0x10, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
                0x1d, 0xbf, 0x41, 0x81, 0x6f, 0xa9, 0x09, 0x47, 0xba, 0x47, 0xf2, 0x33, 0xa8, 0xfa, 0xab, 0x5f, // lss
                0x20, 0, 1, 0, 4, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
                0xc7, 0x48, 0xa3, 0xcd, 0x5d, 0x44, 0x71, 0x44, 0x9c, 0xc9, 0xe9, 0x88, 0x52, 0x51, 0xc5, 0x56, // pss
                0x24, 0, 1, 0, 4, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0);
        byte[] items = bytes(
                0, 0, 0x80, 0, 0, 0, 0, 0, // block size 8 MiB, flags 0
                0, 0, 0, 4, 0, 0, 0, 0, // 64 MiB
                0x3e, 0x7e, 0x76, 0x10, 0x44, 0xcf, 0x42, 0x4d, 0xbc, 0xac, 0xc0, 0x28, 0x49, 0xb4, 0xfa, 0x3b,
                0, 2, 0, 0, 0, 2, 0, 0); // 512, 512
        byte[] encoded = m.encode();
        assertArrayEquals(table, Arrays.copyOf(encoded, table.length));
        assertArrayEquals(items, Arrays.copyOfRange(encoded, VhdxLayout.KIB64, VhdxLayout.KIB64 + 40));
        assertEquals(m, VhdxMetadata.decode(Arrays.copyOf(encoded, (int) VhdxLayout.MIB)));
        assertEquals(512, m.chunkRatio());
        assertEquals(8, m.batEntries());
    }

    @Test
    void shouldComputeChunkRatioAndBatIndices() {
        VhdxMetadata m = new VhdxMetadata(VhdxLayout.MIB, false, 5000 * VhdxLayout.MIB, 512, 512, UUID.randomUUID());
        assertEquals(4096, m.chunkRatio());
        assertEquals(5000 + 1, m.batEntries());
        assertEquals(4097, VhdxBat.payloadIndex(4096, 4096));
        assertTrue(VhdxBat.isBitmapIndex(4096, 4096));
        VhdxMetadata big = new VhdxMetadata(VhdxLayout.MIB, false, VhdxLayout.MIB, 4096, 4096, UUID.randomUUID());
        assertEquals(32768, big.chunkRatio());
    }

    @Test
    void shouldRefuseParentLocatorAndUnknownRequiredItems() throws Exception {
        byte[] region = Arrays.copyOf(new VhdxMetadata(VhdxLayout.MIB, false, VhdxLayout.MIB, 512, 512,
                UUID.randomUUID()).encode(), (int) VhdxLayout.MIB);
        byte[] parent = region.clone();
        org.hvref.wire.Guid.write(VhdxLayout.le(parent), 32 + 32 * 4, VhdxLayout.PARENT_LOCATOR);
        assertThrows(VhdxUnsupportedFeatureException.class, () -> VhdxMetadata.decode(parent));
        byte[] unknown = region.clone();
        org.hvref.wire.Guid.write(VhdxLayout.le(unknown), 32 + 32 * 4, UUID.randomUUID());
        assertTrue(assertThrows(DamagedImageException.class, () -> VhdxMetadata.decode(unknown)).getMessage()
                .startsWith("vhdx metadata: unknown required item"));
        byte[] hasParent = region.clone();
        hasParent[VhdxLayout.KIB64 + 4] = 2;
        assertThrows(VhdxUnsupportedFeatureException.class, () -> VhdxMetadata.decode(hasParent));
        byte[] badSector = region.clone();
        badSector[VhdxLayout.KIB64 + 32] = 0;
        badSector[VhdxLayout.KIB64 + 33] = 4; // 1024
        assertEquals("vhdx metadata: logical sector size 1024 (expected: 512 or 4096)",
                assertThrows(DamagedImageException.class, () -> VhdxMetadata.decode(badSector)).getMessage());
    }
}
