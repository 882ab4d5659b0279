package org.hvref.disk.vhdx;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Hostile images: random bytes written over the structures of a valid dirty image (identifier, headers, region
 * tables, log entry, BAT, metadata table and items). Opening read-only and read-write, reading the whole disk and
 * writing to it either work or throw an {@link IOException} (damaged or unsupported) — never an unchecked exception.
 */
class VhdxHostileImageProperties {
    private static final long MIB = VhdxLayout.MIB;
    /** Structure ranges [start, length) the mutations hit. */
    private static final long[][] AREAS = {
        {0, 16}, {VhdxLayout.HEADER1_OFFSET, 96}, {VhdxLayout.HEADER2_OFFSET, 96},
        {VhdxLayout.REGION_TABLE1_OFFSET, 96}, {VhdxLayout.REGION_TABLE2_OFFSET, 96}, {MIB, 8192},
        {2 * MIB, 64}, {3 * MIB, 224}, {3 * MIB + VhdxLayout.KIB64, 48},
    };

    private static MemoryImageFile dirtyImage() throws IOException {
        MemoryImageFile f = VhdxImageTest.created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB));
        try (VhdxImage image = VhdxImage.open(f, false)) {
            image.write(MIB, new byte[4096], 0, 4096);
        }
        UUID logGuid = VhdxImageTest.dirty(f);
        byte[] page = new byte[4096];
        f.read(2 * MIB, page, 0, page.length);
        VhdxLayout.le(page).putLong(16, VhdxBat.entry(VhdxBat.FULLY_PRESENT, f.length()));
        f.setLength(f.length() + MIB);
        byte[] entry = VhdxLog.encodeEntry(logGuid, 1, 0, f.length(), f.length(),
                List.of(new VhdxLog.Page(2 * MIB, page)));
        f.write(MIB, entry, 0, entry.length);
        return f;
    }

    @Test
    void shouldOnlyEverThrowIoExceptionsOnHostileImages() throws IOException {
        MemoryImageFile base = dirtyImage();
        try (VhdxImage unmutated = VhdxImage.open(base.copy(), true)) {
            org.junit.jupiter.api.Assertions.assertEquals(1, unmutated.logEntriesReplayed());
        }
        QuickTheory.qt().withFixedSeed(0x686f7374L).withExamples(400).withShrinkCycles(50)
                .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 6),
                        integers().between(0, Integer.MAX_VALUE))
                .checkAssert((mutations, value) -> {
                    try {
                        MemoryImageFile f = base.copy();
                        int v = value;
                        for (int m : mutations) {
                            long[] area = AREAS[m % AREAS.length];
                            long at = area[0] + (m / AREAS.length) % area[1];
                            byte[] b = {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
                            f.write(at, b, 0, (m >>> 28) % 4 + 1);
                            v = v * 31 + m;
                        }
                        exercise(f.copy(), true);
                        exercise(f, false);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    private static void exercise(MemoryImageFile f, boolean readOnly) {
        try (VhdxImage image = VhdxImage.open(f, readOnly)) {
            byte[] all = new byte[(int) image.size()];
            image.read(0, all, 0, all.length);
            if (!readOnly) {
                int sector = image.logicalSectorSize();
                image.write(image.size() - sector, new byte[sector], 0, sector);
                image.write(0, new byte[sector], 0, sector);
            }
        } catch (IOException expected) {
            // damaged or unsupported: refused with a typed exception
        }
    }
}
