package org.hvref.storage.scsi;

import static org.hvref.storage.scsi.ScsiBytes.ascii;
import static org.hvref.storage.scsi.ScsiBytes.concat;
import static org.hvref.storage.scsi.ScsiBytes.hex;
import static org.hvref.storage.scsi.ScsiBytes.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** LUN routing, REPORT LUNS and what an absent LUN answers (devices-net-storage-pci.md §3.7). */
class ScsiTargetTest {
    private static final byte[] NONE = new byte[0];

    private final ScsiTarget target = new ScsiTarget();

    private static ScsiDisk disk(int blocks) {
        return new ScsiDisk(new MemoryDiskImage(blocks * 512L), new ScsiDiskIdentity(UUID.randomUUID(), ""));
    }

    @Test
    void shouldReportAttachedLuns() {
        target.attach(5, disk(8));
        target.attach(0, disk(8));
        ScsiResult r = target.execute(7, hex("a0 00 00 000000 000000ff 00 00"), NONE, 255); // from an absent LUN
        assertArrayEquals(hex("00000010 00000000" // list length 16, reserved
                + "0000 000000000000" // LUN 0
                + "0005 000000000000"), r.dataIn()); // LUN 5
        assertEquals(List.of(0, 5), target.luns());
        assertArrayEquals(hex("00000000 00000000"), // SELECT REPORT 01h: well-known LUNs only, none
                target.execute(0, hex("a0 00 01 000000 00000010 00 00"), NONE, 16).dataIn());
    }

    @Test
    void shouldCutReportLunsToAllocationAndRejectTinyAllocations() {
        for (int lun = 0; lun < 4; lun++) {
            target.attach(lun, disk(8));
        }
        ScsiResult r = target.execute(0, hex("a0 00 00 000000 00000010 00 00"), NONE, 255);
        assertArrayEquals(hex("00000020 00000000 0000000000000000"), r.dataIn()); // list length says 4 LUNs
        assertEquals(ScsiSense.invalidFieldInCdb(),
                target.execute(0, hex("a0 00 00 000000 0000000f 00 00"), NONE, 255).sense());
        assertEquals(ScsiSense.invalidFieldInCdb(),
                target.execute(0, hex("a0 00 03 000000 00000100 00 00"), NONE, 255).sense());
    }

    @Test
    void shouldRouteCommandsToTheirLun() {
        ScsiDisk small = disk(8);
        ScsiDisk large = disk(64);
        target.attach(0, small);
        target.attach(1, large);
        assertArrayEquals(hex("00000007 00000200"), target.execute(0, hex("25 00 00000000 0000 00 00"), NONE, 8)
                .dataIn());
        assertArrayEquals(hex("0000003f 00000200"), target.execute(1, hex("25 00 00000000 0000 00 00"), NONE, 8)
                .dataIn());
        assertTrue(target.detach(1));
        assertFalse(target.hasLun(1));
        assertTrue(target.execute(1, hex("25 00 00000000 0000 00 00"), NONE, 8).invalidLun());
    }

    @Test
    void shouldAnswerInquiryForAnAbsentLunWithPeripheral7f() {
        target.attach(0, disk(8));
        ScsiResult r = target.execute(3, hex("12 00 00 0024 00"), NONE, 36);
        assertTrue(r.good());
        assertFalse(r.invalidLun());
        assertArrayEquals(concat(hex("7f 00 05 02 1f 00 00 02"), zeros(28)), r.dataIn()); // names blank
        ScsiTarget empty = new ScsiTarget();
        assertArrayEquals(concat(hex("7f 00 05 02 1f 00 00 02"), ascii("Msft    Virtual Disk    1.0 ")),
                empty.execute(0, hex("12 00 00 0024 00"), NONE, 36).dataIn()); // LUN 0 keeps the names
        ScsiResult vpd = target.execute(3, hex("12 01 00 00ff 00"), NONE, 255);
        assertEquals(ScsiSense.invalidFieldInCdb(), vpd.sense());
        assertFalse(vpd.invalidLun());
    }

    @Test
    void shouldMarkOtherCommandsToAnAbsentLunAsInvalidLun() {
        target.attach(0, disk(8));
        for (String cdb : List.of("00 00 00 00 00 00", "28 00 00000000 00 0001 00", "1a 00 08 00 ff 00")) {
            ScsiResult r = target.execute(9, hex(cdb), NONE, 512);
            assertEquals(ScsiStatus.CHECK_CONDITION, r.status(), cdb);
            assertEquals(new ScsiSense(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_LUN_NOT_SUPPORTED, 0), r.sense());
            assertTrue(r.invalidLun(), cdb);
            assertEquals(512, r.residual());
        }
        assertTrue(target.execute(300, hex("00 00 00 00 00 00"), NONE, 0).invalidLun());
        assertTrue(target.execute(-1, hex("00 00 00 00 00 00"), NONE, 0).invalidLun());
    }

    @Test
    void shouldRejectBadAttachments() {
        target.attach(0, disk(8));
        assertThrows(IllegalArgumentException.class, () -> target.attach(0, disk(8)));
        assertThrows(IllegalArgumentException.class, () -> target.attach(256, disk(8)));
        assertThrows(IllegalArgumentException.class, () -> target.detach(-1));
        assertFalse(target.detach(200));
    }
}
