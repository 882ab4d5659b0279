package org.hvref.disk.vhd;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hvref.disk.DamagedImageException;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Random byte corruption of a dynamic VHD's metadata (both footer copies, the dynamic header, the BAT; checksums
 * optionally recomputed so the damage gets past them): opening either fails with {@link DamagedImageException}, or
 * succeeds and then the whole disk reads and a write to every block succeeds without any other exception. Fixed seed
 * ({@code -Dhvref.props.seed=N} to explore).
 */
class VhdDamageProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0xDA3A6EL);
    private static final int MIB = 1024 * 1024;

    /** A 3 MiB dynamic image with both blocks allocated; its bytes. */
    private static byte[] pristine(Path dir) throws IOException {
        Path p = dir.resolve("pristine.vhd");
        try (VhdDiskImage image = VhdDiskImage.create(p, 3 * MIB, false, false)) {
            byte[] data = new byte[4096];
            Arrays.fill(data, (byte) 0x77);
            image.write(0, data, 0, data.length);
            image.write(2 * MIB, data, 0, data.length);
        }
        byte[] bytes = Files.readAllBytes(p);
        Files.delete(p);
        return bytes;
    }

    static void run(boolean fixChecksums, List<Integer> mutations) {
        try {
            Path dir = Files.createTempDirectory("vhd-damage");
            Path p = dir.resolve("damaged.vhd");
            try {
                byte[] bytes = pristine(dir);
                int tail = bytes.length - VhdFooter.LENGTH;
                for (int m : mutations) {
                    // positions in the metadata: footer copy, header, BAT (0..2047) and the trailing footer
                    int at = Math.floorMod(m, 2048 + 512);
                    int pos = at < 2048 ? at : tail + at - 2048;
                    bytes[pos] = (byte) (m >>> 12);
                }
                if (fixChecksums) {
                    byte[] footer = Arrays.copyOf(bytes, VhdFooter.LENGTH);
                    VhdCodecTest.fixChecksum(footer, VhdFooter.CHECKSUM_OFFSET);
                    System.arraycopy(footer, 0, bytes, 0, footer.length);
                    System.arraycopy(footer, 0, bytes, tail, footer.length);
                    byte[] header = Arrays.copyOfRange(bytes, 512, 1536);
                    VhdCodecTest.fixChecksum(header, VhdDynamicHeader.CHECKSUM_OFFSET);
                    System.arraycopy(header, 0, bytes, 512, header.length);
                }
                Files.write(p, bytes);
                VhdDiskImage image;
                try {
                    image = VhdDiskImage.open(p, false);
                } catch (DamagedImageException expected) {
                    return;
                }
                try (image) {
                    byte[] all = new byte[(int) Math.min(image.size(), 64 * MIB)];
                    image.read(0, all, 0, all.length);
                    int blockSize = Math.max(image.blockSize(), MIB);
                    byte[] sector = new byte[512];
                    for (long off = 0; off < Math.min(image.size(), 64 * MIB); off += blockSize) {
                        image.write(off, sector, 0, sector.length);
                    }
                }
                try (VhdDiskImage again = VhdDiskImage.open(p, true)) {
                    again.read(0, new byte[512], 0, (int) Math.min(512, again.size()));
                }
            } finally {
                Files.deleteIfExists(p);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void corruptMetadataIsRejectedOrHarmless() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(100)
                .forAll(booleans().all(), lists().of(integers().between(0, 1 << 20)).ofSizeBetween(1, 4))
                .checkAssert(VhdDamageProperties::run);
    }
}
