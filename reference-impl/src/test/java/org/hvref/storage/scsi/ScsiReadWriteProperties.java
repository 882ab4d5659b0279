package org.hvref.storage.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Random sequences of READ/WRITE(10) and (16), some running off the end, against a byte-array model: every read
 * returns what the model holds, every write changes exactly its blocks, out-of-range commands change nothing and
 * fail with LBA OUT OF RANGE. Fixed seed ({@code -Dhvref.props.seed=N} to explore).
 */
class ScsiReadWriteProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0x5C51L);
    private static final int BLOCKS = 64;

    @Test
    void readsAndWritesMatchAByteArrayModel() {
        for (int sector : new int[] {512, 4096}) {
            QuickTheory.qt().withFixedSeed(SEED).withExamples(200)
                    .forAll(lists().of(integers().all()).ofSizeBetween(1, 40))
                    .checkAssert(ops -> run(sector, ops));
        }
    }

    private static void run(int sector, List<Integer> ops) {
        MemoryDiskImage image = new MemoryDiskImage((long) BLOCKS * sector, sector, sector, false);
        ScsiDisk disk = new ScsiDisk(image, new ScsiDiskIdentity(new UUID(1, 2), ""));
        byte[] model = new byte[BLOCKS * sector];
        for (int op : ops) {
            boolean write = (op & 1) != 0;
            boolean sixteen = (op & 2) != 0;
            long lba = (op >>> 2 & 0x7F) % (BLOCKS + 6);
            int count = (op >>> 9 & 0xF) % 9;
            byte[] cdb = cdb(write, sixteen, lba, count);
            int bytes = count * sector;
            boolean inRange = lba + count <= BLOCKS;
            ScsiResult r;
            if (write) {
                byte[] data = ScsiDiskGoldenTest.pattern(bytes, op >>> 16);
                r = disk.execute(cdb, data, 0);
                if (inRange) {
                    System.arraycopy(data, 0, model, (int) lba * sector, bytes);
                    assertEquals(bytes, r.transferred());
                }
            } else {
                r = disk.execute(cdb, new byte[0], bytes);
                if (inRange) {
                    assertArrayEquals(Arrays.copyOfRange(model, (int) lba * sector, (int) lba * sector + bytes),
                            r.dataIn());
                }
            }
            if (inRange) {
                assertEquals(ScsiStatus.GOOD, r.status());
                assertEquals(0, r.residual());
            } else {
                assertEquals(new ScsiSense(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_LBA_OUT_OF_RANGE, 0),
                        r.sense());
            }
            assertArrayEquals(model, image.bytes);
        }
    }

    static byte[] cdb(boolean write, boolean sixteen, long lba, long count) {
        byte[] c = new byte[sixteen ? 16 : 10];
        if (sixteen) {
            c[0] = (byte) (write ? ScsiOpcode.WRITE_16 : ScsiOpcode.READ_16);
            Cdb.put64(c, 2, lba);
            Cdb.put32(c, 10, count);
        } else {
            c[0] = (byte) (write ? ScsiOpcode.WRITE_10 : ScsiOpcode.READ_10);
            Cdb.put32(c, 2, lba);
            Cdb.put16(c, 7, (int) count);
        }
        return c;
    }
}
