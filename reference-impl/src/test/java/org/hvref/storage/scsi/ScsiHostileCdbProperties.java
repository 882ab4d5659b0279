package org.hvref.storage.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Hostile CDBs: random bytes (opcode biased towards the implemented ones), random parameter data and buffer sizes
 * at random LUNs give only GOOD or CHECK CONDITION, never an exception, with consistent lengths; a read-only LUN's
 * bytes never change. Fixed seed ({@code -Dhvref.props.seed=N} to explore).
 */
class ScsiHostileCdbProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0xCDBL);
    private static final int[] OPCODES = {0x00, 0x03, 0x08, 0x0A, 0x12, 0x1A, 0x1B, 0x25, 0x28, 0x2A, 0x35, 0x42,
        0x5A, 0x88, 0x8A, 0x91, 0x9E, 0xA0, 0xA8, 0xAA};

    private final int[] good = new int[1];
    private final int[] bad = new int[1];

    @Test
    void randomCommandsOnlyEndGoodOrCheckCondition() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(5000)
                .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 17),
                        lists().of(integers().between(0, 255)).ofSizeBetween(0, 80), integers().between(0, 1 << 17),
                        integers().between(0, 15))
                .checkAssert(this::check);
        assertTrue(good[0] > 100 && bad[0] > 100, () -> "good " + good[0] + " bad " + bad[0]
                + " (expected: both outcomes explored)");
    }

    private void check(List<Integer> cdbInts, List<Integer> param, int bufferLength, int selector) {
        ScsiTarget target = new ScsiTarget();
        MemoryDiskImage rw = new MemoryDiskImage(1 << 16);
        MemoryDiskImage ro = new MemoryDiskImage(1 << 16, 512, 4096, true);
        target.attach(0, new ScsiDisk(rw, new ScsiDiskIdentity(new UUID(3, 4), "S")));
        target.attach(1, new ScsiDisk(ro, new ScsiDiskIdentity(new UUID(5, 6), "")));
        byte[] cdb;
        if ((selector & 8) != 0 || cdbInts.isEmpty()) { // raw bytes
            cdb = new byte[cdbInts.size()];
            for (int i = 0; i < cdb.length; i++) {
                cdb[i] = (byte) (int) cdbInts.get(i);
            }
        } else { // an implemented opcode at its CDB length, other bytes mostly 0 so that some commands succeed
            int opcode = OPCODES[cdbInts.get(0) % OPCODES.length];
            cdb = new byte[ScsiOpcode.cdbLength(opcode)];
            cdb[0] = (byte) opcode;
            for (int i = 1; i < cdb.length && i < cdbInts.size(); i++) {
                int v = cdbInts.get(i);
                cdb[i] = (byte) (v < 176 ? 0 : v < 240 ? v & 0x1F : v);
            }
        }
        boolean out = (selector & 4) != 0;
        byte[] dataOut = new byte[out ? Math.min(bufferLength, 1 << 12) : 0];
        for (int i = 0; i < dataOut.length && i < param.size(); i++) {
            dataOut[i] = (byte) (int) param.get(i);
        }
        int dataIn = out ? 0 : bufferLength;
        int lun = selector & 3;
        ScsiResult r = target.execute(lun, cdb, dataOut, dataIn);
        int buffer = Math.max(dataOut.length, dataIn);
        assertTrue(r.status() == ScsiStatus.GOOD || r.status() == ScsiStatus.CHECK_CONDITION);
        assertEquals(buffer, r.transferred() + r.residual());
        assertTrue(r.dataIn().length <= dataIn);
        assertEquals(r.invalidLun(), !r.good() && lun > 1 && r.sense().asc() == ScsiSense.ASC_LUN_NOT_SUPPORTED);
        if (r.good()) {
            good[0]++;
            assertEquals(0, r.senseData(ScsiSense.LENGTH_WIN8).length);
        } else {
            bad[0]++;
            assertEquals(r.sense().key(), r.senseData(ScsiSense.LENGTH_WIN8)[2]);
            assertEquals(ScsiSense.LENGTH_PRE_WIN8, r.senseData(ScsiSense.LENGTH_PRE_WIN8).length);
            assertEquals(0, r.dataIn().length);
        }
        assertTrue(isZero(ro.bytes), "read-only image changed");
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
