package org.hvref.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Random writes, discards (small, and large ones covering whole blocks) and reopens on every format and variant,
 * mirrored into a byte array where a discard writes zeros: the image always reads back exactly the array, before and
 * after reopening (read-only, where a discard must fail and change nothing). Fixed seed
 * ({@code -Dhvref.props.seed=N} to explore).
 */
class DiskImageDiscardProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0xD15CA4DL);
    private static final long SIZE = 5L << 20;
    private static final int SECTOR = 512;

    @Test
    void discardedRangesReadAsZerosOnEveryFormat() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(30)
                .forAll(integers().between(0, DiscardVariant.values().length - 1),
                        lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 20))
                .checkAssert((v, ops) -> run(DiscardVariant.values()[v], ops));
    }

    private static void run(DiscardVariant variant, List<Integer> ops) {
        try {
            Path dir = Files.createTempDirectory("discard-props");
            try {
                Path path = dir.resolve("d.img");
                DiskImage image = variant.create(path, SIZE);
                byte[] model = new byte[(int) image.size()];
                int sectors = model.length / SECTOR;
                for (int op : ops) {
                    int kind = op % 20;
                    int first = (op >>> 5) % sectors;
                    if (kind < 10) {
                        int count = Math.min(1 + (op >>> 12) % 600, sectors - first);
                        byte[] data = new byte[count * SECTOR];
                        for (int i = 0; i < data.length; i++) {
                            data[i] = (byte) (op + 1 + i / SECTOR);
                        }
                        image.write((long) first * SECTOR, data, 0, data.length);
                        System.arraycopy(data, 0, model, first * SECTOR, data.length);
                    } else if (kind < 17) {
                        int start = kind < 14 ? first : first / 2048 * 2048; // large ones start on a MiB
                        int count = Math.min(kind < 14 ? 1 + (op >>> 12) % 300 : 2048 + (op >>> 12) % 4096,
                                sectors - start);
                        image.discard((long) start * SECTOR, (long) count * SECTOR);
                        Arrays.fill(model, start * SECTOR, (start + count) * SECTOR, (byte) 0);
                    } else {
                        image.close();
                        image = DiskImages.open(path, false);
                    }
                    assertImage(image, model, variant + " after op " + op);
                }
                image.flush();
                image.close();
                try (DiskImage ro = DiskImages.open(path, true)) {
                    assertImage(ro, model, variant + " reopened");
                    try {
                        ro.discard(0, SECTOR);
                        throw new AssertionError(variant + ": discard on a read-only image succeeded");
                    } catch (IOException expected) {
                        assertImage(ro, model, variant + " after a refused discard");
                    }
                }
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertImage(DiskImage image, byte[] model, String when) throws IOException {
        byte[] all = new byte[model.length];
        image.read(0, all, 0, all.length);
        if (!Arrays.equals(model, all)) {
            assertArrayEquals(model, all, when);
        }
    }
}
