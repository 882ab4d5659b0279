package org.hvref.disk.vhdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hvref.disk.DamagedImageException;
import org.hvref.disk.DiskFormat;
import org.junit.jupiter.api.Test;

/** Creating, opening, reading, writing and refusing VHDX images held in memory. */
class VhdxImageTest {
    private static final long MIB = VhdxLayout.MIB;

    static MemoryImageFile created(VhdxCreateOptions options) throws IOException {
        MemoryImageFile f = new MemoryImageFile();
        VhdxImage.create(f, options);
        return f;
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + (i >> 9));
        }
        return b;
    }

    private static long readLong(ImageFile f, long at) throws IOException {
        byte[] b = new byte[8];
        f.read(at, b, 0, 8);
        return VhdxLayout.le(b).getLong(0);
    }

    private static void writeLong(ImageFile f, long at, long value) throws IOException {
        byte[] b = new byte[8];
        VhdxLayout.le(b).putLong(0, value);
        f.write(at, b, 0, 8);
    }

    @Test
    void shouldCreateDynamicImageLaidOutAsQemu() throws Exception {
        MemoryImageFile f = created(VhdxCreateOptions.dynamic(1L << 30));
        assertEquals(8 * MIB, f.length());
        try (VhdxImage image = VhdxImage.open(f.copy(), true)) {
            assertEquals(DiskFormat.VHDX, image.format());
            assertEquals(1L << 30, image.size());
            assertEquals(512, image.logicalSectorSize());
            assertEquals(8 * MIB, image.metadata().blockSize());
            assertEquals(128, image.batEntries());
            for (int i = 0; i < 128; i++) {
                assertEquals(VhdxBat.ZERO, image.batEntry(i));
            }
            assertFalse(image.metadata().leaveBlocksAllocated());
            assertEquals(0, image.header().logOffset() - MIB);
        }
        assertEquals(VhdxBat.ZERO, readLong(f, 2 * MIB));
    }

    @Test
    void shouldCreatePreallocatedFixedImage() throws Exception {
        MemoryImageFile f = created(VhdxCreateOptions.fixedSize(10 * MIB).withBlockSize(MIB)
                .withBlockStateZero(false));
        // data start = BAT (2 MiB) + 1 MiB + 5 MiB = 8 MiB; ten 1 MiB blocks
        assertEquals(18 * MIB, f.length());
        try (VhdxImage image = VhdxImage.open(f, false)) {
            assertTrue(image.metadata().leaveBlocksAllocated());
            for (int b = 0; b < 10; b++) {
                assertEquals(VhdxBat.entry(VhdxBat.FULLY_PRESENT, (8 + b) * MIB), image.batEntry(b));
            }
            byte[] data = pattern(4096, 3);
            image.write(MIB + 512, data, 0, data.length);
            assertEquals(18 * MIB, f.length());
        }
    }

    @Test
    void shouldWriteAllocateAndReadBackAfterReopen() throws Exception {
        for (int sector : new int[] {512, 4096}) {
            MemoryImageFile f = created(VhdxCreateOptions.dynamic(20 * MIB).withBlockSize(MIB)
                    .withSectorSizes(sector, 4096));
            byte[] a = pattern(3 * sector, 1);
            byte[] across = pattern((int) MIB, 2);
            try (VhdxImage image = VhdxImage.open(f, false)) {
                image.write(5 * sector, a, 0, a.length);
                image.write(3 * MIB + MIB / 2, across, 0, across.length);
                image.flush();
            }
            try (VhdxImage image = VhdxImage.open(f, true)) {
                assertEquals(sector, image.logicalSectorSize());
                assertEquals(4096, image.physicalSectorSize());
                byte[] got = new byte[a.length];
                image.read(5 * sector, got, 0, got.length);
                assertArrayEquals(a, got);
                byte[] gotAcross = new byte[across.length];
                image.read(3 * MIB + MIB / 2, gotAcross, 0, gotAcross.length);
                assertArrayEquals(across, gotAcross);
                byte[] zeros = new byte[sector];
                image.read(10 * MIB, zeros, 0, sector);
                assertArrayEquals(new byte[sector], zeros);
                assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(image.batEntry(0)));
                assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(image.batEntry(3)));
                assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(image.batEntry(4)));
                assertEquals(VhdxBat.ZERO, image.batEntry(5));
                assertFalse(image.header().logDirty());
            }
        }
    }

    @Test
    void shouldRejectMisalignedAndOutOfRangeIo() throws Exception {
        try (VhdxImage image = VhdxImage.open(created(VhdxCreateOptions.dynamic(4 * MIB)), false)) {
            byte[] b = new byte[1024];
            assertThrows(IllegalArgumentException.class, () -> image.read(100, b, 0, 512));
            assertThrows(IllegalArgumentException.class, () -> image.read(4 * MIB - 512, b, 0, 1024));
            assertThrows(IllegalArgumentException.class, () -> image.write(0, b, 0, 500));
        }
        try (VhdxImage ro = VhdxImage.open(created(VhdxCreateOptions.dynamic(4 * MIB)), true)) {
            assertThrows(IOException.class, () -> ro.write(0, new byte[512], 0, 512));
        }
    }

    @Test
    void shouldUseHeaderWithHighestSequenceAndSurviveOneBadCopy() throws Exception {
        MemoryImageFile f = created(VhdxCreateOptions.dynamic(4 * MIB));
        byte[] h2 = new byte[4096];
        f.read(VhdxLayout.HEADER2_OFFSET, h2, 0, h2.length);
        VhdxHeader second = VhdxHeader.decode(h2, "header 2");
        try (VhdxImage image = VhdxImage.open(f.copy(), true)) {
            assertEquals(second, image.header());
        }
        MemoryImageFile bad2 = f.copy();
        bad2.write(VhdxLayout.HEADER2_OFFSET + 200, new byte[] {1}, 0, 1);
        try (VhdxImage image = VhdxImage.open(bad2, true)) {
            assertEquals(second.sequenceNumber() - 1, image.header().sequenceNumber());
        }
        MemoryImageFile twins = f.copy();
        twins.write(VhdxLayout.HEADER1_OFFSET, h2, 0, h2.length);
        try (VhdxImage image = VhdxImage.open(twins, true)) {
            assertEquals(second, image.header());
        }
        MemoryImageFile sameSeq = f.copy();
        byte[] other = second.next(UUID.randomUUID(), UUID.randomUUID(), VhdxHeader.NIL).encode();
        VhdxHeader clash = new VhdxHeader(second.sequenceNumber(), UUID.randomUUID(), second.dataWriteGuid(),
                VhdxHeader.NIL, 0, 1, MIB, MIB);
        sameSeq.write(VhdxLayout.HEADER1_OFFSET, clash.encode(), 0, other.length);
        assertThrows(DamagedImageException.class, () -> VhdxImage.open(sameSeq, true));
    }

    @Test
    void shouldRejectDamagedImages() throws Exception {
        MemoryImageFile good = created(VhdxCreateOptions.dynamic(64 * MIB).withBlockSize(MIB));
        try (VhdxImage image = VhdxImage.open(good, false)) {
            image.write(0, new byte[512], 0, 512);
            image.write(MIB, new byte[512], 0, 512);
        }
        long bat = 2 * MIB;
        long block0 = readLong(good, bat);

        MemoryImageFile headers = good.copy();
        flipByte(headers, VhdxLayout.HEADER1_OFFSET + 8);
        flipByte(headers, VhdxLayout.HEADER2_OFFSET + 8);
        assertMessage(headers, "vhdx: no valid header (vhdx header 1: checksum");

        MemoryImageFile regions = good.copy();
        flipByte(regions, VhdxLayout.REGION_TABLE1_OFFSET + 40);
        flipByte(regions, VhdxLayout.REGION_TABLE2_OFFSET + 40);
        assertMessage(regions, "vhdx: no valid region table (vhdx region table 1: checksum");

        MemoryImageFile outside = good.copy();
        writeLong(outside, bat, VhdxBat.entry(VhdxBat.FULLY_PRESENT, 4000 * MIB));
        assertMessage(outside, "vhdx BAT entry 0: block at " + 4000 * MIB);

        MemoryImageFile twice = good.copy();
        writeLong(twice, bat + 8, block0);
        assertMessage(twice, "vhdx: block of BAT entry 1");

        MemoryImageFile onMetadata = good.copy();
        writeLong(onMetadata, bat, VhdxBat.entry(VhdxBat.FULLY_PRESENT, 3 * MIB));
        assertMessage(onMetadata, "vhdx: block of BAT entry 0 [3145728, 4194304) overlaps structure [3145728,");

        MemoryImageFile reserved = good.copy();
        writeLong(reserved, bat, block0 | 0x100);
        assertMessage(reserved, "vhdx BAT entry 0: 0x");

        MemoryImageFile partial = good.copy();
        writeLong(partial, bat, VhdxBat.entry(VhdxBat.PARTIALLY_PRESENT, 0));
        assertMessage(partial, "vhdx BAT entry 0: state 7");

        MemoryImageFile overlapping = good.copy();
        byte[] table = new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, 2 * MIB, 2 * MIB, true),
                new VhdxRegionTable.Region(VhdxLayout.METADATA_REGION, 3 * MIB, MIB, true))).encode();
        overlapping.write(VhdxLayout.REGION_TABLE1_OFFSET, table, 0, table.length);
        assertMessage(overlapping, "vhdx: structure [3145728, 4194304) overlaps structure [2097152, 4194304)");

        MemoryImageFile unknownRegion = good.copy();
        byte[] table2 = new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, 2 * MIB, MIB, true),
                new VhdxRegionTable.Region(VhdxLayout.METADATA_REGION, 3 * MIB, MIB, true),
                new VhdxRegionTable.Region(UUID.randomUUID(), 5 * MIB, MIB, true))).encode();
        unknownRegion.write(VhdxLayout.REGION_TABLE1_OFFSET, table2, 0, table2.length);
        assertMessage(unknownRegion, "vhdx region table: unknown required region");

        MemoryImageFile unknownItem = good.copy();
        byte[] guid = org.hvref.wire.Guid.toWire(UUID.randomUUID());
        unknownItem.write(3 * MIB + 32 + 32 * 2, guid, 0, 16);
        assertMessage(unknownItem, "vhdx metadata: unknown required item");

        MemoryImageFile notVhdx = good.copy();
        notVhdx.write(0, new byte[8], 0, 8);
        assertMessage(notVhdx, "vhdx: file type identifier missing");
    }

    private static void assertMessage(MemoryImageFile f, String prefix) {
        DamagedImageException e = assertThrows(DamagedImageException.class, () -> VhdxImage.open(f, true));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage() + " (expected prefix: " + prefix + ")");
    }

    /** Makes the image dirty: a new LogGuid in a header with a higher sequence number, as a crashed writer leaves. */
    static UUID dirty(MemoryImageFile f) throws IOException {
        VhdxHeader h;
        try (VhdxImage image = VhdxImage.open(f.copy(), true)) {
            h = image.header();
        }
        UUID logGuid = UUID.randomUUID();
        VhdxHeader next = h.next(h.fileWriteGuid(), h.dataWriteGuid(), logGuid);
        byte[] b = next.encode();
        f.write(VhdxLayout.HEADER1_OFFSET, b, 0, b.length);
        f.write(VhdxLayout.HEADER2_OFFSET, next.next(h.fileWriteGuid(), h.dataWriteGuid(), logGuid).encode(), 0,
                b.length);
        return logGuid;
    }

    @Test
    void shouldReplayLogOnOpen() throws Exception {
        MemoryImageFile f = created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        long dataStart = 8 * MIB;
        byte[] data = pattern(512, 9);
        f.setLength(dataStart + MIB);
        f.write(dataStart + 1024, data, 0, data.length);
        UUID logGuid = dirty(f);
        byte[] page = new byte[4096];
        f.read(2 * MIB, page, 0, page.length);
        VhdxLayout.le(page).putLong(8 * 2, VhdxBat.entry(VhdxBat.FULLY_PRESENT, dataStart));
        byte[] stale = VhdxLog.encodeEntry(UUID.randomUUID(), 5, 4096, dataStart, dataStart + MIB,
                List.of(new VhdxLog.Page(2 * MIB, new byte[4096])));
        f.write(MIB + 4096, stale, 0, stale.length);
        byte[] entry = VhdxLog.encodeEntry(logGuid, 1, 0, dataStart, dataStart + MIB,
                List.of(new VhdxLog.Page(2 * MIB, page)));
        f.write(MIB, entry, 0, entry.length);

        MemoryImageFile before = f.copy();
        try (VhdxImage ro = VhdxImage.open(f, true)) {
            assertEquals(1, ro.logEntriesReplayed());
            byte[] got = new byte[512];
            ro.read(2 * MIB + 1024, got, 0, 512);
            assertArrayEquals(data, got);
        }
        byte[] all = new byte[(int) f.length()];
        byte[] allBefore = new byte[all.length];
        f.read(0, all, 0, all.length);
        before.read(0, allBefore, 0, allBefore.length);
        assertArrayEquals(allBefore, all, "a read-only open must not write");

        try (VhdxImage rw = VhdxImage.open(f, false)) {
            assertEquals(1, rw.logEntriesReplayed());
            assertFalse(rw.header().logDirty());
        }
        try (VhdxImage again = VhdxImage.open(f, true)) {
            assertEquals(0, again.logEntriesReplayed());
            byte[] got = new byte[512];
            again.read(2 * MIB + 1024, got, 0, 512);
            assertArrayEquals(data, got);
        }
    }

    @Test
    void shouldReplayOnlyTheActiveSequenceFromItsTail() throws Exception {
        MemoryImageFile f = created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        UUID logGuid = dirty(f);
        long target = 5 * MIB;
        f.setLength(9 * MIB);
        byte[] p1 = pattern(4096, 1);
        byte[] p2 = pattern(4096, 2);
        byte[] e1 = VhdxLog.encodeEntry(logGuid, 10, 0, 8 * MIB, 9 * MIB, List.of(new VhdxLog.Page(target, p1)));
        byte[] e2 = VhdxLog.encodeEntry(logGuid, 11, 0, 8 * MIB, 9 * MIB,
                List.of(new VhdxLog.Page(target + 4096, p2)));
        f.write(MIB, e1, 0, e1.length);
        f.write(MIB + e1.length, e2, 0, e2.length);
        try (VhdxImage image = VhdxImage.open(f, false)) {
            assertEquals(2, image.logEntriesReplayed());
        }
        byte[] got = new byte[8192];
        f.read(target, got, 0, got.length);
        assertArrayEquals(p1, Arrays.copyOf(got, 4096));
        assertArrayEquals(p2, Arrays.copyOfRange(got, 4096, 8192));

        MemoryImageFile badTail = created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        UUID g2 = dirty(badTail);
        byte[] e = VhdxLog.encodeEntry(g2, 3, 8192, 8 * MIB, 8 * MIB, List.of(new VhdxLog.Page(target, p1)));
        badTail.write(MIB, e, 0, e.length);
        assertThrows(DamagedImageException.class, () -> VhdxImage.open(badTail, false));

        MemoryImageFile truncated = created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        UUID g3 = dirty(truncated);
        byte[] t = VhdxLog.encodeEntry(g3, 3, 0, 64 * MIB, 64 * MIB, List.of(new VhdxLog.Page(target, p1)));
        truncated.write(MIB, t, 0, t.length);
        assertTrue(assertThrows(DamagedImageException.class, () -> VhdxImage.open(truncated, false)).getMessage()
                .contains("truncated"));

        MemoryImageFile corrupt = created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        UUID g4 = dirty(corrupt);
        byte[] c = VhdxLog.encodeEntry(g4, 3, 0, 8 * MIB, 8 * MIB, List.of(new VhdxLog.Page(target, p1)));
        c[5000] ^= 1;
        corrupt.write(MIB, c, 0, c.length);
        try (VhdxImage image = VhdxImage.open(corrupt, false)) {
            assertEquals(0, image.logEntriesReplayed());
            assertFalse(image.header().logDirty());
        }
        byte[] untouched = new byte[4096];
        corrupt.read(target, untouched, 0, 4096);
        assertArrayEquals(new byte[4096], untouched);
    }

    @Test
    void shouldIgnoreLogEntryWhoseDescriptorsDoNotFit() throws Exception {
        MemoryImageFile f = created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        UUID logGuid = dirty(f);
        byte[] e = VhdxLog.encodeEntry(logGuid, 1, 0, 8 * MIB, 8 * MIB, List.of());
        VhdxLayout.le(e).putInt(24, 128); // 128 descriptors need 2 descriptor sectors; the entry has 1
        VhdxLayout.le(e).putInt(4, VhdxLayout.crc(e, e.length, 4));
        f.write(MIB, e, 0, e.length);
        try (VhdxImage image = VhdxImage.open(f, false)) {
            assertEquals(0, image.logEntriesReplayed());
        }
    }

    /** Inverts one byte, so the damage never depends on what a random field (e.g. a sequence number) held. */
    private static void flipByte(MemoryImageFile file, long offset) throws IOException {
        byte[] one = new byte[1];
        file.read(offset, one, 0, 1);
        one[0] = (byte) ~one[0];
        file.write(offset, one, 0, 1);
    }
}
