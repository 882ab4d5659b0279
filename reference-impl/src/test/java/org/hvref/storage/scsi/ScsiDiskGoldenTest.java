package org.hvref.storage.scsi;

import static org.hvref.storage.scsi.ScsiBytes.ascii;
import static org.hvref.storage.scsi.ScsiBytes.concat;
import static org.hvref.storage.scsi.ScsiBytes.hex;
import static org.hvref.storage.scsi.ScsiBytes.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.junit.jupiter.api.Test;

/** Golden CDB → response bytes for every command the target implements, with a comment on every field. */
class ScsiDiskGoldenTest {
    private static final UUID ID = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
    private static final byte[] NONE = new byte[0];

    private final MemoryDiskImage image = new MemoryDiskImage(1 << 20); // 2048 blocks of 512 bytes
    private final ScsiDisk disk = new ScsiDisk(image, new ScsiDiskIdentity(ID, "HVREF-0001"));

    private ScsiResult in(String cdb, int buffer) {
        ScsiResult r = disk.execute(hex(cdb), NONE, buffer);
        assertTrue(r.good(), () -> "status " + r.status() + " sense " + r.sense());
        return r;
    }

    @Test
    void shouldAnswerStandardInquiry() {
        ScsiResult r = in("12 00 00 0024 00", 255); // INQUIRY, EVPD 0, page 0, allocation 36
        assertArrayEquals(concat(hex("00" // qualifier 0, type 0 direct access
                + "00" // RMB 0
                + "05" // VERSION SPC-3
                + "02" // response data format 2
                + "1f" // additional length 31
                + "00 00" // no SCCS/TPGS/3PC, no flags
                + "02"), // CMDQUE
                ascii("Msft    Virtual Disk    1.0 ")), r.dataIn());
        assertEquals(36, r.transferred());
        assertEquals(255 - 36, r.residual());
        assertFalse(r.overrun());
    }

    @Test
    void shouldCutInquiryToAllocationLengthWithoutOverrun() {
        ScsiResult r = in("12 00 00 0005 00", 64); // allocation 5
        assertArrayEquals(hex("00 00 05 02 1f"), r.dataIn());
        assertEquals(59, r.residual());
        assertFalse(r.overrun());
    }

    @Test
    void shouldListSupportedVpdPages() {
        ScsiResult r = in("12 01 00 00ff 00", 255); // INQUIRY EVPD, page 00h
        assertArrayEquals(hex("00 00 0006" // peripheral, page 00h, page length 6
                + "00 80 83 b0 b1 b2"), r.dataIn()); // pages in ascending order
    }

    @Test
    void shouldLeaveSerialPageOutWhenNoSerialIsConfigured() {
        ScsiDisk noSerial = new ScsiDisk(image, new ScsiDiskIdentity(ID, ""));
        ScsiResult r = noSerial.execute(hex("12 01 00 00ff 00"), NONE, 255);
        assertArrayEquals(hex("00 00 0005 00 83 b0 b1 b2"), r.dataIn());
    }

    @Test
    void shouldReportSerialNumber() {
        ScsiResult r = in("12 01 80 00ff 00", 255); // VPD 80h
        assertArrayEquals(concat(hex("00 80 000a"), // page 80h, length 10
                ascii("HVREF-0001")), r.dataIn());
    }

    @Test
    void shouldIdentifyTheDiskByT10AndNaa() {
        ScsiResult r = in("12 01 83 00ff 00", 255); // VPD 83h
        assertArrayEquals(concat(hex("00 83 0044"), // page 83h, length (4 + 44) + (4 + 16) = 68
                hex("02 01 00 2c"), // ASCII, LU association, T10 vendor id, length 44
                ascii("Msft    01234567-89ab-cdef-0123-456789abcdef"),
                hex("01 03 00 10" // binary, LU association, NAA, length 16
                        + "6 002248 012345678" // NAA 6, OUI 00-22-48, top 36 bits of the id
                        + "9b9f9b97 89abcdef")), // low 64 bits of the id xor the id's bits 35..28 shifted up
                r.dataIn());
    }

    @Test
    void shouldReportBlockLimits() {
        ScsiResult r = in("12 01 b0 00ff 00", 255);
        assertArrayEquals(concat(hex("00 b0 003c" // page B0h, length 60
                + "00 00 0001" // WSNZ 0, MAX COMPARE AND WRITE 0, OPTIMAL TRANSFER GRANULARITY 1
                + "00004000" // MAXIMUM TRANSFER LENGTH 16384 blocks (8 MiB)
                + "00000000" // OPTIMAL TRANSFER LENGTH not reported
                + "00000000" // MAXIMUM PREFETCH LENGTH
                + "01000000" // MAXIMUM UNMAP LBA COUNT 2^24
                + "00000100" // MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT 256
                + "00000001" // OPTIMAL UNMAP GRANULARITY 1
                + "00000000"), // UGAVALID 0
                zeros(28)), r.dataIn()); // MAXIMUM WRITE SAME LENGTH 0 and reserved
    }

    @Test
    void shouldReportNonRotatingMediumAndThinProvisioning() {
        assertArrayEquals(concat(hex("00 b1 003c 0001"), zeros(58)), // MEDIUM ROTATION RATE 1: non-rotating
                in("12 01 b1 00ff 00", 255).dataIn());
        assertArrayEquals(hex("00 b2 0004" // page B2h, length 4
                + "00" // THRESHOLD EXPONENT 0
                + "80" // LBPU: UNMAP supported
                + "02" // PROVISIONING TYPE thin
                + "00"), in("12 01 b2 00ff 00", 255).dataIn());
    }

    @Test
    void shouldReportCapacity10And16() {
        assertArrayEquals(hex("000007ff" // last LBA 2047
                + "00000200"), in("25 00 00000000 0000 00 00", 8).dataIn()); // block length 512
        assertArrayEquals(concat(hex("00000000000007ff" // last LBA
                + "00000200" // block length
                + "00" // P_TYPE/PROT_EN 0
                + "00" // logical blocks per physical block exponent 0
                + "80 00"), // LBPME, lowest aligned LBA 0
                zeros(16)), in("9e 10 0000000000000000 00000020 00 00", 32).dataIn());
    }

    @Test
    void shouldCapCapacity10AndReportPhysicalExponentOnALargeDisk() {
        ScsiDisk big = new ScsiDisk(new SizeOnlyImage(1L << 42, 512, 4096), new ScsiDiskIdentity(ID, ""));
        assertArrayEquals(hex("ffffffff 00000200"),
                big.execute(hex("25 00 00000000 0000 00 00"), NONE, 8).dataIn()); // 2^33 blocks: capped
        assertArrayEquals(concat(hex("00000001ffffffff 00000200 00 03 80 00"), zeros(16)), // exponent 3: 4 KiB
                big.execute(hex("9e 10 0000000000000000 00000020 00 00"), NONE, 32).dataIn());
    }

    @Test
    void shouldCutReadCapacity16ToItsAllocationLength() {
        ScsiResult r = in("9e 10 0000000000000000 0000000c 00 00", 32); // allocation 12
        assertArrayEquals(hex("00000000000007ff 00000200"), r.dataIn());
        assertEquals(20, r.residual());
        assertFalse(r.overrun());
    }

    @Test
    void shouldFlagOverrunWhenReadCapacityBufferIsTooSmall() {
        ScsiResult r = in("25 00 00000000 0000 00 00", 4);
        assertArrayEquals(hex("000007ff"), r.dataIn());
        assertTrue(r.overrun());
        assertEquals(0, r.residual());
    }

    @Test
    void shouldAnswerModeSense6CachingPage() {
        assertArrayEquals(concat(hex("1f" // mode data length 31
                + "00" // medium type
                + "10" // device-specific: DPOFUA
                + "08" // block descriptor length 8
                + "00000800 00 000200" // 2048 blocks, reserved, block length 512
                + "08 12 04"), // caching page, length 18, WCE
                zeros(17)), in("1a 00 08 00 ff 00", 255).dataIn());
    }

    @Test
    void shouldSetWriteProtectInModeSenseOfReadOnlyImage() {
        ScsiDisk ro = new ScsiDisk(new MemoryDiskImage(1 << 20, 512, 512, true), new ScsiDiskIdentity(ID, ""));
        assertArrayEquals(concat(hex("17 00 90 00" // length 23, WP | DPOFUA, DBD: no descriptor
                + "08 12 04"), zeros(17)), ro.execute(hex("1a 08 3f 00 ff 00"), NONE, 255).dataIn());
    }

    @Test
    void shouldAnswerModeSense10WithLongDescriptorAndChangeableValues() {
        assertArrayEquals(concat(hex("002a" // mode data length 42
                + "00 10 01 00" // medium type, DPOFUA, LONGLBA, reserved
                + "0010" // block descriptor length 16
                + "0000000000000800 00000000 00000200" // blocks, reserved, block length
                + "08 12"), // caching page: PC 1 (changeable) reports no changeable bit
                zeros(18)), in("5a 10 48 00 000000 00ff 00", 255).dataIn());
    }

    @Test
    void shouldReturnNoSenseFromRequestSense() {
        assertArrayEquals(hex("70 00 00 00000000 0a 00000000 00 00 00 000000"), // fixed, current, NO SENSE
                in("03 00 00 00 12 00", 18).dataIn());
    }

    @Test
    void shouldEncodeFixedFormatSenseIn18And20Bytes() {
        ScsiSense s = ScsiSense.invalidFieldInCdb();
        assertArrayEquals(hex("70 00 05 00000000 0a 00000000 24 00 00 000000"), s.toFixedFormat(18));
        assertArrayEquals(hex("70 00 05 00000000 0c 00000000 24 00 00 000000 0000"), s.toFixedFormat(20));
    }

    @Test
    void shouldWriteAndReadBackWithEveryCdbSize() {
        byte[] a = pattern(512, 1);
        assertEquals(512, disk.execute(hex("2a 00 00000005 00 0001 00"), a, 0).transferred()); // WRITE(10) 5+1
        assertArrayEquals(a, Arrays.copyOfRange(image.bytes, 5 * 512, 6 * 512));
        assertArrayEquals(a, in("28 00 00000005 00 0001 00", 512).dataIn()); // READ(10)
        assertArrayEquals(a, in("08 00 00 05 01 00", 512).dataIn()); // READ(6) LBA 5 length 1
        assertArrayEquals(a, in("a8 00 00000005 00000001 00 00", 512).dataIn()); // READ(12)
        assertArrayEquals(a, in("88 00 0000000000000005 00000001 00 00", 512).dataIn()); // READ(16)
        byte[] b = pattern(1024, 7);
        disk.execute(hex("8a 00 00000000000007fe 00000002 00 00"), b, 0); // WRITE(16): the last two blocks
        assertArrayEquals(b, Arrays.copyOfRange(image.bytes, 2046 * 512, 2048 * 512));
        disk.execute(hex("aa 00 00000010 00000001 00 00"), a, 0); // WRITE(12) at 16
        disk.execute(hex("0a 00 00 11 01 00"), a, 0); // WRITE(6) at 17
        assertArrayEquals(concat(a, a), in("28 00 00000010 00 0002 00", 1024).dataIn());
    }

    @Test
    void shouldTreatSixByteTransferLengthZeroAs256Blocks() {
        Arrays.fill(image.bytes, 0, 256 * 512, (byte) 0x5A);
        ScsiResult r = in("08 00 00 00 00 00", 256 * 512);
        assertEquals(256 * 512, r.dataIn().length);
        assertEquals(0x5A, r.dataIn()[256 * 512 - 1]);
        ScsiResult w = disk.execute(hex("0a 00 01 00 00 00"), new byte[256 * 512], 0); // WRITE(6) LBA 256, 256
        assertEquals(256 * 512, w.transferred());
    }

    @Test
    void shouldAcceptZeroLengthTransfers() {
        ScsiResult r = in("28 00 000007ff 00 0000 00", 0);
        assertEquals(0, r.dataIn().length);
        assertTrue(disk.execute(hex("2a 00 00000000 00 0000 00"), NONE, 0).good());
    }

    @Test
    void shouldReportResidualOfAnOversizedBuffer() {
        ScsiResult r = in("28 00 00000000 00 0001 00", 4096);
        assertEquals(512, r.transferred());
        assertEquals(4096 - 512, r.residual());
    }

    @Test
    void shouldFlushOnSynchronizeCacheFuaWriteAndStop() {
        in("35 00 00000000 00 0000 00", 0); // SYNCHRONIZE CACHE(10), whole disk
        assertEquals(1, image.flushes);
        in("91 00 0000000000000000 00000800 00 00", 0); // SYNCHRONIZE CACHE(16), 2048 blocks
        assertEquals(2, image.flushes);
        disk.execute(hex("2a 08 00000000 00 0001 00"), pattern(512, 3), 0); // WRITE(10) FUA
        assertEquals(3, image.flushes);
        disk.execute(hex("2a 00 00000000 00 0001 00"), pattern(512, 3), 0); // no FUA
        assertEquals(3, image.flushes);
        in("1b 00 00 00 00 00", 0); // START STOP UNIT: stop
        assertEquals(4, image.flushes);
        in("1b 01 00 00 04 00", 0); // stop, IMMED, NO_FLUSH
        in("1b 00 00 00 01 00", 0); // start
        assertEquals(4, image.flushes);
        in("00 00 00 00 00 00", 0); // TEST UNIT READY
    }

    @Test
    void shouldUnmapEveryDescriptor() {
        Arrays.fill(image.bytes, (byte) 1);
        byte[] list = hex("0026 0020 00000000" // data length 38, descriptor length 32, reserved
                + "0000000000000010 00000004 00000000" // LBA 16, 4 blocks
                + "0000000000000100 00000000 00000000"); // LBA 256, 0 blocks: nothing
        ScsiResult r = disk.execute(hex("42 00 00000000 00 0028 00"), list, 0); // parameter list length 40
        assertTrue(r.good());
        assertEquals(40, r.transferred());
        assertEquals(1, image.discards.size());
        assertArrayEquals(new long[] {16 * 512, 4 * 512}, image.discards.get(0));
        assertArrayEquals(zeros(4 * 512), Arrays.copyOfRange(image.bytes, 16 * 512, 20 * 512));
        assertTrue(disk.execute(hex("42 00 00000000 00 0000 00"), NONE, 0).good()); // empty list: no-op
        assertEquals(1, image.discards.size());
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** A large image that only reports its geometry (no data I/O happens in the tests that use it). */
    record SizeOnlyImage(long size, int logicalSectorSize, int physicalSectorSize, boolean readOnly)
            implements DiskImage {
        SizeOnlyImage(long size, int logicalSectorSize, int physicalSectorSize) {
            this(size, logicalSectorSize, physicalSectorSize, true);
        }

        @Override
        public DiskFormat format() {
            return DiskFormat.RAW;
        }

        @Override
        public void read(long offset, byte[] dst, int dstOff, int length) throws IOException {
            throw new IOException("size-only image");
        }

        @Override
        public void write(long offset, byte[] src, int srcOff, int length) throws IOException {
            throw new IOException("size-only image");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
