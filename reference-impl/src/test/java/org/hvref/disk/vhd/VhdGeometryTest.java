package org.hvref.disk.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The CHS algorithm and qemu's rounding, against the worked examples of devices-net-storage-pci.md §6.1.5. */
class VhdGeometryTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldRoundSizesUpToTheNextChsProduct() {
        assertEquals(new VhdGeometry(241, 4, 17), VhdGeometry.roundUp(8 * MIB / 512));
        assertEquals(8390656, VhdGeometry.roundUp(8 * MIB / 512).sectors() * 512);
        assertEquals(new VhdGeometry(1004, 12, 17), VhdGeometry.roundUp(100 * MIB / 512));
        assertEquals(104_865_792L, VhdGeometry.roundUp(100 * MIB / 512).sectors() * 512);
        assertEquals(new VhdGeometry(2081, 16, 63), VhdGeometry.roundUp(1024 * MIB / 512));
        assertEquals(1_073_995_776L, VhdGeometry.roundUp(1024 * MIB / 512).sectors() * 512);
        assertEquals(10_737_893_376L, VhdGeometry.roundUp(10 * 1024 * MIB / 512).sectors() * 512);
        assertEquals(new VhdGeometry(65279, 16, 255), VhdGeometry.roundUp(127 * 1024 * MIB / 512));
        assertEquals(136_365_219_840L, VhdGeometry.roundUp(127 * 1024 * MIB / 512).sectors() * 512);
    }

    @Test
    void shouldUseTheMaximumGeometryBeyondItsProduct() {
        assertEquals(VhdGeometry.MAX, VhdGeometry.roundUp(200L * 1024 * MIB / 512));
        assertEquals(VhdGeometry.MAX, VhdGeometry.of(VhdGeometry.MAX.sectors() + 1));
        assertEquals(267_382_800L, VhdGeometry.MAX.sectors());
    }

    @Test
    void shouldNeverExceedTheSectorCount() {
        for (long t = 1; t < 300_000; t += 997) {
            VhdGeometry g = VhdGeometry.of(t);
            assertEquals(true, g.sectors() <= t, "geometry " + g + " of " + t);
            VhdGeometry up = VhdGeometry.roundUp(t);
            assertEquals(true, up.sectors() >= t, "rounded geometry " + up + " of " + t);
        }
    }

    @Test
    void shouldEncodeCylindersHeadsSectorsBigEndian() {
        assertEquals(0x00f10411, new VhdGeometry(241, 4, 17).encode());
        assertEquals(new VhdGeometry(65535, 16, 255), VhdGeometry.decode(0xffff10ff));
    }
}
