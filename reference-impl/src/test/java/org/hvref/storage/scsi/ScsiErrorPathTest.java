package org.hvref.storage.scsi;

import static org.hvref.storage.scsi.ScsiBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CHECK CONDITION the disk returns, with its sense key/ASC/ASCQ, and that nothing was read or written. */
class ScsiErrorPathTest {
    private static final UUID ID = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
    private static final int ILLEGAL = ScsiSense.KEY_ILLEGAL_REQUEST;
    private static final int CDB = ScsiSense.ASC_INVALID_FIELD_IN_CDB;
    private static final int RANGE = ScsiSense.ASC_LBA_OUT_OF_RANGE;
    private static final int PLIST = ScsiSense.ASC_INVALID_FIELD_IN_PARAMETER_LIST;
    private static final int PLEN = ScsiSense.ASC_PARAMETER_LIST_LENGTH_ERROR;

    /** description, CDB, data-out bytes (hex, "" for none), data-in length, sense key, ASC. */
    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("empty CDB", "", "", 0, ILLEGAL, CDB),
                Arguments.of("17-byte CDB", "00".repeat(17), "", 0, ILLEGAL, CDB),
                Arguments.of("unknown opcode WRITE SAME(16)", "93 00 0000000000000000 00000001 00 00", "", 0,
                        ILLEGAL, ScsiSense.ASC_INVALID_OPCODE),
                Arguments.of("unknown opcode MODE SELECT(6)", "15 10 00 00 00 00", "", 0, ILLEGAL,
                        ScsiSense.ASC_INVALID_OPCODE),
                Arguments.of("READ(10) CDB cut to 6 bytes", "28 00 00000000", "", 512, ILLEGAL, CDB),
                Arguments.of("NACA in CONTROL", "00 00 00 00 00 04", "", 0, ILLEGAL, CDB),
                Arguments.of("INQUIRY CMDDT", "12 02 00 00ff 00", "", 255, ILLEGAL, CDB),
                Arguments.of("INQUIRY page without EVPD", "12 00 83 00ff 00", "", 255, ILLEGAL, CDB),
                Arguments.of("INQUIRY unknown VPD page", "12 01 8f 00ff 00", "", 255, ILLEGAL, CDB),
                Arguments.of("READ CAPACITY(10) LBA not 0", "25 00 00000001 0000 00 00", "", 8, ILLEGAL, CDB),
                Arguments.of("READ CAPACITY(10) RELADR", "25 01 00000000 0000 00 00", "", 8, ILLEGAL, CDB),
                Arguments.of("SERVICE ACTION IN(16) other action", "9e 11 0000000000000000 00000020 00 00", "",
                        32, ILLEGAL, CDB),
                Arguments.of("READ CAPACITY(16) LBA not 0", "9e 10 0000000000000001 00000020 00 00", "", 32,
                        ILLEGAL, CDB),
                Arguments.of("MODE SENSE unknown page", "1a 00 1c 00 ff 00", "", 255, ILLEGAL, CDB),
                Arguments.of("MODE SENSE caching subpage 1", "1a 00 08 01 ff 00", "", 255, ILLEGAL, CDB),
                Arguments.of("MODE SENSE saved values", "1a 00 c8 00 ff 00", "", 255, ILLEGAL,
                        ScsiSense.ASC_SAVING_PARAMETERS_NOT_SUPPORTED),
                Arguments.of("REQUEST SENSE descriptor format", "03 01 00 00 12 00", "", 18, ILLEGAL, CDB),
                Arguments.of("START STOP UNIT eject", "1b 00 00 00 02 00", "", 0, ILLEGAL, CDB),
                Arguments.of("START STOP UNIT power condition", "1b 00 00 00 30 00", "", 0, ILLEGAL, CDB),
                Arguments.of("READ(10) RDPROTECT", "28 20 00000000 00 0001 00", "", 512, ILLEGAL, CDB),
                Arguments.of("READ(10) RELADR", "28 01 00000000 00 0001 00", "", 512, ILLEGAL, CDB),
                Arguments.of("WRITE(16) WRPROTECT", "8a 20 0000000000000000 00000001 00 00", "00".repeat(512), 0,
                        ILLEGAL, CDB),
                Arguments.of("READ(10) buffer too small", "28 00 00000000 00 0002 00", "", 1023, ILLEGAL, CDB),
                Arguments.of("WRITE(10) data-out too small", "2a 00 00000000 00 0002 00", "00".repeat(512), 0,
                        ILLEGAL, CDB),
                Arguments.of("READ(12) beyond maximum transfer", "a8 00 00000000 00004001 00 00", "", 1 << 24,
                        ILLEGAL, CDB),
                Arguments.of("READ(10) past the end", "28 00 000007ff 00 0002 00", "", 1024, ILLEGAL, RANGE),
                Arguments.of("READ(10) zero length past the end", "28 00 00000801 00 0000 00", "", 0, ILLEGAL,
                        RANGE),
                Arguments.of("READ(6) past the end", "08 00 08 00 01 00", "", 512, ILLEGAL, RANGE),
                Arguments.of("READ(16) LBA above 2^63", "88 00 8000000000000000 00000001 00 00", "", 512, ILLEGAL,
                        RANGE),
                Arguments.of("READ(16) lba + length overflows", "88 00 ffffffffffffffff 00000002 00 00", "", 1024,
                        ILLEGAL, RANGE),
                Arguments.of("WRITE(12) past the end", "aa 00 00000800 00000001 00 00", "00".repeat(512), 0,
                        ILLEGAL, RANGE),
                Arguments.of("SYNCHRONIZE CACHE(16) past the end", "91 00 0000000000000700 00000101 00 00", "", 0,
                        ILLEGAL, RANGE),
                Arguments.of("UNMAP ANCHOR", "42 01 00000000 00 0018 00", unmapList(1, 1), 0, ILLEGAL, CDB),
                Arguments.of("UNMAP list length 7", "42 00 00000000 00 0007 00", unmapList(1, 1), 0, ILLEGAL, PLEN),
                Arguments.of("UNMAP list longer than data-out", "42 00 00000000 00 0028 00", unmapList(1, 1), 0,
                        ILLEGAL, PLEN),
                Arguments.of("UNMAP descriptor length not x16", "42 00 00000000 00 0018 00",
                        "0016 000f 00000000" + "00".repeat(16), 0, ILLEGAL, PLIST),
                Arguments.of("UNMAP descriptors beyond the list", "42 00 00000000 00 0018 00",
                        "0026 0020 00000000" + "00".repeat(16), 0, ILLEGAL, PLIST),
                Arguments.of("UNMAP data length too small", "42 00 00000000 00 0018 00",
                        "0010 0010 00000000" + "00".repeat(16), 0, ILLEGAL, PLIST),
                Arguments.of("UNMAP 257 descriptors", "42 00 00000000 00 1018 00",
                        "1016 1010 00000000" + "00".repeat(16 * 257), 0, ILLEGAL, PLIST),
                Arguments.of("UNMAP past the end", "42 00 00000000 00 0018 00", unmapList(0x7ff, 2), 0, ILLEGAL,
                        RANGE));
    }

    private static String unmapList(long lba, long count) {
        return String.format("0016 0010 00000000 %016x %08x 00000000", lba, count);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void shouldFailWithSense(String what, String cdb, String out, int in, int key, int asc) {
        MemoryDiskImage image = new MemoryDiskImage(1 << 20);
        Arrays.fill(image.bytes, (byte) 0x33);
        ScsiDisk disk = new ScsiDisk(image, new ScsiDiskIdentity(ID, ""));
        byte[] dataOut = hex(out);
        ScsiResult r = disk.execute(hex(cdb), dataOut, in);
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status(), what);
        assertEquals(new ScsiSense(key, asc, 0), r.sense(), what);
        assertEquals(0, r.dataIn().length, what);
        assertEquals(0, r.transferred(), what);
        assertEquals(Math.max(dataOut.length, in), r.residual(), what);
        assertFalse(r.invalidLun(), what);
        byte[] untouched = new byte[1 << 20];
        Arrays.fill(untouched, (byte) 0x33);
        assertArrayEquals(untouched, image.bytes, what);
        assertEquals(0, image.discards.size(), what);
    }

    @Test
    void shouldRefuseWritesAndUnmapOnReadOnlyImage() {
        ScsiDisk ro = new ScsiDisk(new MemoryDiskImage(1 << 20, 512, 512, true), new ScsiDiskIdentity(ID, ""));
        ScsiSense protect = new ScsiSense(ScsiSense.KEY_DATA_PROTECT, ScsiSense.ASC_WRITE_PROTECTED, 0);
        assertEquals(protect, ro.execute(hex("2a 00 00000000 00 0001 00"), new byte[512], 0).sense());
        assertEquals(protect, ro.execute(hex("0a 00 00 00 01 00"), new byte[512], 0).sense());
        assertEquals(protect, ro.execute(hex("42 00 00000000 00 0018 00"), hex(unmapList(1, 1)), 0).sense());
        assertEquals(ScsiStatus.GOOD, ro.execute(hex("28 00 00000000 00 0001 00"), new byte[0], 512).status());
    }

    @Test
    void shouldReportMediumErrorsWhenTheImageFails() {
        MemoryDiskImage image = new MemoryDiskImage(1 << 20);
        ScsiDisk disk = new ScsiDisk(image, new ScsiDiskIdentity(ID, ""));
        image.failIo = true;
        ScsiSense read = new ScsiSense(ScsiSense.KEY_MEDIUM_ERROR, ScsiSense.ASC_UNRECOVERED_READ_ERROR, 0);
        ScsiSense write = new ScsiSense(ScsiSense.KEY_MEDIUM_ERROR, ScsiSense.ASC_WRITE_ERROR, 0);
        assertEquals(read, disk.execute(hex("28 00 00000000 00 0001 00"), new byte[0], 512).sense());
        assertEquals(write, disk.execute(hex("2a 00 00000000 00 0001 00"), new byte[512], 0).sense());
        assertEquals(write, disk.execute(hex("35 00 00000000 00 0000 00"), new byte[0], 0).sense());
        assertEquals(write, disk.execute(hex("42 00 00000000 00 0018 00"), hex(unmapList(1, 1)), 0).sense());
    }

    @Test
    void shouldRefuseUnmapOfMoreThanTheMaximumLbaCount() {
        ScsiDisk big = new ScsiDisk(new ScsiDiskGoldenTest.SizeOnlyImage(1L << 40, 512, 512, false),
                new ScsiDiskIdentity(ID, ""));
        String half = String.format("%08x", ScsiDisk.MAX_UNMAP_BLOCKS / 2);
        String one = String.format("%08x", ScsiDisk.MAX_UNMAP_BLOCKS / 2 + 1);
        byte[] list = hex("0026 0020 00000000 0000000000000000 " + half + " 00000000 0000000001000000 " + one
                + " 00000000");
        assertEquals(new ScsiSense(ILLEGAL, PLIST, 0), big.execute(hex("42 00 00000000 00 0028 00"), list, 0)
                .sense());
        byte[] fits = hex("0026 0020 00000000 0000000000000000 " + half + " 00000000 0000000001000000 " + half
                + " 00000000");
        assertEquals(ScsiStatus.GOOD, big.execute(hex("42 00 00000000 00 0028 00"), fits, 0).status());
    }

    @Test
    void shouldRefuseVpdSerialWhenNoneIsConfigured() {
        ScsiDisk disk = new ScsiDisk(new MemoryDiskImage(1 << 20), new ScsiDiskIdentity(ID, ""));
        assertEquals(ScsiSense.invalidFieldInCdb(), disk.execute(hex("12 01 80 00ff 00"), new byte[0], 255).sense());
    }

    @Test
    void shouldRejectCallerBugsWithIllegalArgument() {
        ScsiDisk disk = new ScsiDisk(new MemoryDiskImage(1 << 20), new ScsiDiskIdentity(ID, ""));
        assertThrows(IllegalArgumentException.class, () -> disk.execute(hex("00 00 00 00 00 00"), new byte[1], 1));
        assertThrows(IllegalArgumentException.class, () -> disk.execute(hex("00 00 00 00 00 00"), new byte[0], -1));
        assertThrows(IllegalArgumentException.class, () -> new ScsiDisk(new MemoryDiskImage(1 << 20, 520, 520,
                false), new ScsiDiskIdentity(ID, "")));
        assertThrows(IllegalArgumentException.class, () -> new ScsiDiskIdentity(ID, "bad\u0001serial"));
    }
}
