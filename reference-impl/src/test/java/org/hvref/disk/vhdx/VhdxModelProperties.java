package org.hvref.disk.vhdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Random writes and discards (some crossing block boundaries; a discard zeroes the model) against a byte-array
 * model, with reopens in between: the image always reads back exactly what the model holds, for 512 and 4096-byte
 * sectors and every BAT start state.
 */
class VhdxModelProperties {
    private static final long SEED = 0x5648_4458L;
    private static final long MIB = VhdxLayout.MIB;
    private static final long SIZE = 6 * MIB;

    @Test
    void shouldReadWhatTheModelHoldsAcrossReopens() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(50)
                .forAll(integers().between(0, 5), lists().of(integers().between(0, Integer.MAX_VALUE))
                        .ofSizeBetween(1, 24))
                .checkAssert((variant, ops) -> run(variant, ops));
    }

    private static void run(int variant, List<Integer> ops) {
        int sector = variant % 2 == 0 ? 512 : 4096;
        VhdxCreateOptions options = (variant / 2 == 2 ? VhdxCreateOptions.fixedSize(SIZE)
                : VhdxCreateOptions.dynamic(SIZE)).withBlockSize(MIB).withSectorSizes(sector, 4096)
                .withBlockStateZero(variant / 2 != 1);
        try {
            MemoryImageFile f = VhdxImageTest.created(options);
            byte[] model = new byte[(int) SIZE];
            int sectors = (int) (SIZE / sector);
            VhdxImage image = VhdxImage.open(f, false);
            for (int op : ops) {
                int first = op % sectors;
                int count = Math.min(1 + (op >>> 20) % 300, sectors - first);
                byte fill = (byte) (op >>> 8);
                if ((op >>> 29) == 0) { // one op in four discards, whole blocks included when it is long
                    int length = Math.min((op >>> 12) % 2 == 0 ? count : count * 16, sectors - first);
                    image.discard((long) first * sector, (long) length * sector);
                    Arrays.fill(model, first * sector, (first + length) * sector, (byte) 0);
                    continue;
                }
                byte[] data = new byte[count * sector];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (fill + i / sector);
                }
                image.write((long) first * sector, data, 0, data.length);
                System.arraycopy(data, 0, model, first * sector, data.length);
                if ((op & 3) == 0) {
                    image.close();
                    image = VhdxImage.open(f, false);
                }
            }
            image.flush();
            assertImage(image, model);
            image.close();
            try (VhdxImage ro = VhdxImage.open(f, true)) {
                assertImage(ro, model);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertImage(VhdxImage image, byte[] model) throws IOException {
        byte[] all = new byte[model.length];
        image.read(0, all, 0, all.length);
        if (!Arrays.equals(model, all)) {
            assertArrayEquals(model, all);
        }
    }
}
