package org.hvref.storage.scsi;

import static org.hvref.storage.scsi.Cdb.put16;
import static org.hvref.storage.scsi.Cdb.put32;
import static org.hvref.storage.scsi.Cdb.put64;
import static org.hvref.storage.scsi.Cdb.u16;
import static org.hvref.storage.scsi.Cdb.u32;
import static org.hvref.storage.scsi.Cdb.u64;
import static org.hvref.storage.scsi.Cdb.u8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.hvref.disk.DiskImage;

/**
 * One logical unit: a direct-access block device over a {@link DiskImage} that executes the SPC/SBC commands of
 * devices-net-storage-pci.md §3.7 and answers a bad command with CHECK CONDITION and sense, never an exception.
 *
 * <p>Buffers: a data-out command reads its data from {@code dataOut}; a data-in command gets at most
 * {@code dataInLength} bytes. READ/WRITE need a buffer of at least transfer length × block size (else INVALID FIELD
 * IN CDB, as openvmm's "count×sector ≤ buffer" check, §3.9); other data-in commands are cut to the buffer and flag
 * {@link ScsiResult#overrun()} (§3.7 "too-small buffer for READ CAPACITY → SRB DATA_OVERRUN"). Commands run one at a
 * time per disk.
 */
public final class ScsiDisk {
    /** Largest READ/WRITE transfer in bytes; VPD 0xB0 MAXIMUM TRANSFER LENGTH reports it in blocks. */
    public static final int MAX_TRANSFER_BYTES = 8 << 20;
    /** MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT reported in VPD 0xB0 and enforced by UNMAP (SCSI-REF UNMAP). */
    public static final int MAX_UNMAP_DESCRIPTORS = 256;
    /** MAXIMUM UNMAP LBA COUNT reported in VPD 0xB0 and enforced by UNMAP (SCSI-REF UNMAP). */
    public static final long MAX_UNMAP_BLOCKS = 1L << 24;

    /** INQUIRY vendor, 8 ASCII bytes (devices-net-storage-pci.md §3.7 "Msft    "). */
    static final String VENDOR = "Msft    ";
    /** INQUIRY product, 16 ASCII bytes (§3.7 "Virtual Disk    "). */
    static final String PRODUCT = "Virtual Disk    ";
    /** INQUIRY revision, 4 ASCII bytes (§3.7 "1.0 "). */
    static final String REVISION = "1.0 ";
    /** VERSION field: SPC-3 (§3.7 "version SPC-3"; SCSI-REF VERSION table: 05h = SPC-3). */
    static final int VERSION_SPC3 = 0x05;
    /** Peripheral qualifier/type byte for a LUN without a device (§3.7 "LOGICAL_UNIT_NOT_PRESENT"). */
    static final int PERIPHERAL_NOT_PRESENT = 0x7F;
    /** Length of the standard INQUIRY data the target returns (SCSI-REF: 36 bytes up to the revision field). */
    static final int STANDARD_INQUIRY_LENGTH = 36;

    /** VPD page codes (§3.7; SCSI-REF VPD page table). */
    static final int VPD_SUPPORTED_PAGES = 0x00;
    static final int VPD_SERIAL = 0x80;
    static final int VPD_DEVICE_ID = 0x83;
    static final int VPD_BLOCK_LIMITS = 0xB0;
    static final int VPD_BLOCK_CHARACTERISTICS = 0xB1;
    static final int VPD_PROVISIONING = 0xB2;

    /** IEEE OUI of Microsoft used in the NAA-6 designator (§3.7 "Microsoft OUI 00-22-48"). */
    static final long MICROSOFT_OUI = 0x002248L;

    /** MODE SENSE page codes: caching (08h) and all pages (3Fh) (§3.7; SCSI-REF mode page table). */
    static final int MODE_PAGE_CACHING = 0x08;
    static final int MODE_PAGE_ALL = 0x3F;
    /** Caching mode page length field (SCSI-REF caching page: 12h, 20 bytes in all). */
    static final int CACHING_PAGE_LENGTH = 0x12;
    /** Device-specific parameter bits of the mode header: WP and DPOFUA (§3.7). */
    static final int MODE_WP = 0x80;
    static final int MODE_DPOFUA = 0x10;

    private final DiskImage image;
    private final ScsiDiskIdentity identity;
    private final int blockSize;
    private final long blocks;
    private final int physicalExponent;

    /**
     * Creates the logical unit.
     *
     * @param image    the disk image (its logical sector size becomes the block size)
     * @param identity the identity VPD pages report
     */
    public ScsiDisk(DiskImage image, ScsiDiskIdentity identity) {
        this.image = Objects.requireNonNull(image, "image");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.blockSize = image.logicalSectorSize();
        if (blockSize < 512 || blockSize > 65536 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("logical sector size: " + blockSize
                    + " (expected: a power of two in 512..65536)");
        }
        this.blocks = image.size() / blockSize;
        int physical = image.physicalSectorSize();
        this.physicalExponent = physical > blockSize && physical % blockSize == 0
                && Integer.bitCount(physical / blockSize) == 1 ? Integer.numberOfTrailingZeros(physical / blockSize)
                : 0;
    }

    /** @return the image under this logical unit */
    public DiskImage image() {
        return image;
    }

    /** @return the logical block size in bytes */
    public int blockSize() {
        return blockSize;
    }

    /** @return the number of logical blocks (image size / block size) */
    public long blockCount() {
        return blocks;
    }

    /**
     * Executes one command.
     *
     * @param cdb          the CDB (its length is the request's cdb_length, 1..16)
     * @param dataOut      the data-out buffer (empty for data-in and no-data commands)
     * @param dataInLength the data-in buffer length (0 for data-out and no-data commands)
     * @return the result; GOOD or CHECK CONDITION, never an exception for any CDB or data
     * @throws IllegalArgumentException if both buffers are given or {@code dataInLength} is negative (caller bugs)
     */
    public synchronized ScsiResult execute(byte[] cdb, byte[] dataOut, int dataInLength) {
        Objects.requireNonNull(cdb, "cdb");
        Objects.requireNonNull(dataOut, "dataOut");
        if (dataInLength < 0 || (dataInLength > 0 && dataOut.length > 0)) {
            throw new IllegalArgumentException("buffers: dataOut " + dataOut.length + " dataIn " + dataInLength
                    + " (expected: at most one, non-negative)");
        }
        try {
            return dispatch(Cdb.opcode(cdb), cdb, dataOut, dataInLength);
        } catch (CheckCondition e) {
            return ScsiResult.checkCondition(e.sense(), Math.max(dataOut.length, dataInLength), false);
        }
    }

    private ScsiResult dispatch(int opcode, byte[] cdb, byte[] out, int in) throws CheckCondition {
        int buffer = Math.max(out.length, in);
        return switch (opcode) {
            case ScsiOpcode.TEST_UNIT_READY -> ScsiResult.goodDataOut(0, buffer);
            case ScsiOpcode.REQUEST_SENSE -> requestSense(cdb, in, buffer);
            case ScsiOpcode.INQUIRY -> inquiry(cdb, in, buffer);
            case ScsiOpcode.READ_CAPACITY_10 -> readCapacity10(cdb, in, buffer);
            case ScsiOpcode.SERVICE_ACTION_IN_16 -> readCapacity16(cdb, in, buffer);
            case ScsiOpcode.MODE_SENSE_6, ScsiOpcode.MODE_SENSE_10 -> modeSense(cdb, in, buffer);
            case ScsiOpcode.START_STOP_UNIT -> startStop(cdb, buffer);
            case ScsiOpcode.SYNCHRONIZE_CACHE_10 -> synchronize(u32(cdb, 2), u16(cdb, 7), buffer);
            case ScsiOpcode.SYNCHRONIZE_CACHE_16 -> synchronize(u64(cdb, 2), u32(cdb, 10), buffer);
            case ScsiOpcode.UNMAP -> unmap(cdb, out, buffer);
            case ScsiOpcode.READ_6, ScsiOpcode.WRITE_6 -> {
                int length = u8(cdb, 4);
                yield transfer(opcode == ScsiOpcode.WRITE_6, (long) (u8(cdb, 1) & 0x1F) << 16 | u16(cdb, 2),
                        length == 0 ? 256 : length, false, out, in, buffer);
            }
            case ScsiOpcode.READ_10, ScsiOpcode.WRITE_10 -> transfer(opcode == ScsiOpcode.WRITE_10, u32(cdb, 2),
                    u16(cdb, 7), flags(cdb, true), out, in, buffer);
            case ScsiOpcode.READ_12, ScsiOpcode.WRITE_12 -> transfer(opcode == ScsiOpcode.WRITE_12, u32(cdb, 2),
                    u32(cdb, 6), flags(cdb, true), out, in, buffer);
            case ScsiOpcode.READ_16, ScsiOpcode.WRITE_16 -> transfer(opcode == ScsiOpcode.WRITE_16, u64(cdb, 2),
                    u32(cdb, 10), flags(cdb, false), out, in, buffer);
            default -> throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_INVALID_OPCODE);
        };
    }

    /**
     * Byte 1 of READ/WRITE(10/12/16): RDPROTECT/WRPROTECT (bits 7-5) must be 0 (no protection information);
     * bit 0 (obsolete RELADR in 10/12) must be 0 (§3.9 "FUA/RELADR checks").
     *
     * @return the FUA bit (bit 3)
     */
    private static boolean flags(byte[] cdb, boolean relAdrObsolete) throws CheckCondition {
        int b = u8(cdb, 1);
        if ((b & 0xE0) != 0 || (relAdrObsolete && (b & 0x01) != 0)) {
            throw CheckCondition.invalidField();
        }
        return (b & 0x08) != 0;
    }

    private void checkRange(long lba, long count) throws CheckCondition {
        if (lba < 0 || count > blocks || lba > blocks - count) {
            throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_LBA_OUT_OF_RANGE);
        }
    }

    private void checkWritable() throws CheckCondition {
        if (image.readOnly()) {
            throw new CheckCondition(ScsiSense.KEY_DATA_PROTECT, ScsiSense.ASC_WRITE_PROTECTED);
        }
    }

    private ScsiResult transfer(boolean write, long lba, long count, boolean fua, byte[] out, int in, int buffer)
            throws CheckCondition {
        if (count > MAX_TRANSFER_BYTES / blockSize) {
            throw CheckCondition.invalidField();
        }
        checkRange(lba, count);
        int bytes = (int) count * blockSize;
        if (bytes > (write ? out.length : in)) {
            throw CheckCondition.invalidField();
        }
        if (write) {
            checkWritable();
            try {
                if (bytes > 0) {
                    image.write(lba * blockSize, out, 0, bytes);
                }
                if (fua) {
                    image.flush();
                }
            } catch (IOException e) {
                throw new CheckCondition(ScsiSense.KEY_MEDIUM_ERROR, ScsiSense.ASC_WRITE_ERROR);
            }
            return ScsiResult.goodDataOut(bytes, buffer);
        }
        byte[] data = new byte[bytes];
        try {
            if (bytes > 0) {
                image.read(lba * blockSize, data, 0, bytes);
            }
        } catch (IOException e) {
            throw new CheckCondition(ScsiSense.KEY_MEDIUM_ERROR, ScsiSense.ASC_UNRECOVERED_READ_ERROR);
        }
        return ScsiResult.good(data, buffer, false);
    }

    /**
     * Returns {@code data} cut to the allocation length and then to the data-in buffer (flagging an overrun).
     *
     * @param buffer the initiator's buffer length (residual = buffer - bytes returned)
     */
    static ScsiResult dataIn(byte[] data, long allocationLength, int dataInLength, int buffer) {
        int n = (int) Math.min(data.length, allocationLength);
        int m = Math.min(n, dataInLength);
        return ScsiResult.good(Arrays.copyOf(data, m), buffer, n > dataInLength);
    }

    /** REQUEST SENSE: DESC (byte 1 bit 0) must be 0; nothing is pending with autosense, so NO SENSE. */
    private static ScsiResult requestSense(byte[] cdb, int in, int buffer) throws CheckCondition {
        if ((u8(cdb, 1) & 0x01) != 0) {
            throw CheckCondition.invalidField();
        }
        return dataIn(ScsiSense.NO_SENSE.toFixedFormat(ScsiSense.LENGTH_PRE_WIN8), u8(cdb, 4), in, buffer);
    }

    /**
     * INQUIRY: byte 1 bit 0 EVPD, bit 1 CMDDT (obsolete, must be 0); byte 2 page code (0 without EVPD); bytes 3-4
     * allocation length (SCSI-REF INQUIRY CDB).
     */
    private ScsiResult inquiry(byte[] cdb, int in, int buffer) throws CheckCondition {
        int flags = u8(cdb, 1);
        int page = u8(cdb, 2);
        if ((flags & 0x02) != 0 || ((flags & 0x01) == 0 && page != 0)) {
            throw CheckCondition.invalidField();
        }
        byte[] data = (flags & 0x01) == 0 ? standardInquiry(true, false) : vpd(page);
        return dataIn(data, u16(cdb, 3), in, buffer);
    }

    /**
     * Standard INQUIRY data (SCSI-REF standard INQUIRY data; values from §3.7).
     *
     * @param present     whether a disk is attached (else peripheral 0x7F)
     * @param blankNames  zero vendor/product/revision (absent LUN other than 0, §3.7)
     */
    static byte[] standardInquiry(boolean present, boolean blankNames) {
        byte[] d = new byte[STANDARD_INQUIRY_LENGTH];
        d[0] = (byte) (present ? 0x00 : PERIPHERAL_NOT_PRESENT); // qualifier 0, type 0 = direct access block
        d[1] = 0; // RMB = 0: not removable
        d[2] = VERSION_SPC3;
        d[3] = 0x02; // response data format 2 (SPC-3 and later)
        d[4] = (byte) (STANDARD_INQUIRY_LENGTH - 5); // additional length
        d[7] = 0x02; // CMDQUE: command queuing supported
        if (!blankNames) {
            byte[] names = (VENDOR + PRODUCT + REVISION).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(names, 0, d, 8, names.length);
        }
        return d;
    }

    private byte[] vpd(int page) throws CheckCondition {
        return switch (page) {
            case VPD_SUPPORTED_PAGES -> supportedPages();
            case VPD_SERIAL -> {
                if (!identity.hasSerial()) {
                    throw CheckCondition.invalidField();
                }
                yield vpdPage(VPD_SERIAL, identity.serialBytes());
            }
            case VPD_DEVICE_ID -> vpdPage(VPD_DEVICE_ID, deviceIdentifiers());
            case VPD_BLOCK_LIMITS -> vpdPage(VPD_BLOCK_LIMITS, blockLimits());
            case VPD_BLOCK_CHARACTERISTICS -> {
                byte[] p = new byte[0x3C];
                put16(p, 0, 0x0001); // MEDIUM ROTATION RATE 0001h: non-rotating medium (SCSI-REF B1h)
                yield vpdPage(VPD_BLOCK_CHARACTERISTICS, p);
            }
            case VPD_PROVISIONING -> {
                byte[] p = new byte[4];
                p[1] = (byte) 0x80; // LBPU: UNMAP supported; LBPWS/LBPRZ/DP 0 (SCSI-REF table 467)
                p[2] = 0x02; // PROVISIONING TYPE 010b: thin provisioned
                yield vpdPage(VPD_PROVISIONING, p);
            }
            default -> throw CheckCondition.invalidField();
        };
    }

    /** A VPD page: byte 0 peripheral, byte 1 page code, bytes 2-3 page length, then the body (SCSI-REF). */
    private static byte[] vpdPage(int page, byte[] body) {
        byte[] d = new byte[4 + body.length];
        d[1] = (byte) page;
        put16(d, 2, body.length);
        System.arraycopy(body, 0, d, 4, body.length);
        return d;
    }

    private byte[] supportedPages() {
        byte[] pages = identity.hasSerial()
                ? new byte[] {VPD_SUPPORTED_PAGES, (byte) VPD_SERIAL, (byte) VPD_DEVICE_ID, (byte) VPD_BLOCK_LIMITS,
                    (byte) VPD_BLOCK_CHARACTERISTICS, (byte) VPD_PROVISIONING}
                : new byte[] {VPD_SUPPORTED_PAGES, (byte) VPD_DEVICE_ID, (byte) VPD_BLOCK_LIMITS,
                    (byte) VPD_BLOCK_CHARACTERISTICS, (byte) VPD_PROVISIONING};
        return vpdPage(VPD_SUPPORTED_PAGES, pages);
    }

    /**
     * Two designators, associated with the logical unit (SCSI-REF designation descriptor: byte 0 protocol
     * identifier/code set, byte 1 PIV/association/designator type, byte 3 length): a T10 vendor id ("Msft    " +
     * the disk id as text, code set ASCII, type 1) and an NAA-6 IEEE registered extended id (code set binary, type
     * 3): NAA nibble 6, the Microsoft OUI, then the disk id's bits (§3.7 "NAA-6 id with Microsoft OUI 00-22-48").
     */
    byte[] deviceIdentifiers() {
        byte[] t10 = (VENDOR + identity.diskId()).getBytes(StandardCharsets.US_ASCII);
        byte[] d = new byte[4 + t10.length + 4 + 16];
        d[0] = 0x02; // code set 2: ASCII
        d[1] = 0x01; // association 0 (logical unit), designator type 1: T10 vendor id
        d[3] = (byte) t10.length;
        System.arraycopy(t10, 0, d, 4, t10.length);
        int naa = 4 + t10.length;
        d[naa] = 0x01; // code set 1: binary
        d[naa + 1] = 0x03; // association 0, designator type 3: NAA
        d[naa + 3] = 16;
        long msb = identity.diskId().getMostSignificantBits();
        long lsb = identity.diskId().getLeastSignificantBits();
        put64(d, naa + 4, 0x6L << 60 | MICROSOFT_OUI << 36 | msb >>> 28);
        put64(d, naa + 12, lsb ^ (msb & 0x0FFF_FFFFL) << 36);
        return d;
    }

    /** Block Limits body, 0x3C bytes (SCSI-REF B0h; offsets below are page offsets minus 4). */
    private byte[] blockLimits() {
        byte[] p = new byte[0x3C];
        put16(p, 2, 1 << physicalExponent); // OPTIMAL TRANSFER LENGTH GRANULARITY (blocks)
        put32(p, 4, MAX_TRANSFER_BYTES / blockSize); // MAXIMUM TRANSFER LENGTH
        put32(p, 16, MAX_UNMAP_BLOCKS); // MAXIMUM UNMAP LBA COUNT
        put32(p, 20, MAX_UNMAP_DESCRIPTORS); // MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT
        put32(p, 24, 1L << physicalExponent); // OPTIMAL UNMAP GRANULARITY
        return p;
    }

    /**
     * READ CAPACITY(10): bytes 2-5 LBA must be 0 (PMI, byte 8 bit 0, is obsolete and ignored); returns the last
     * LBA (FFFFFFFFh when it does not fit, §3.7) and the block length.
     */
    private ScsiResult readCapacity10(byte[] cdb, int in, int buffer) throws CheckCondition {
        if (u32(cdb, 2) != 0 || (u8(cdb, 1) & 0x01) != 0) {
            throw CheckCondition.invalidField();
        }
        byte[] d = new byte[8];
        put32(d, 0, Math.min(blocks - 1, 0xFFFF_FFFFL) & 0xFFFF_FFFFL);
        put32(d, 4, blockSize);
        return dataIn(d, d.length, in, buffer);
    }

    /**
     * READ CAPACITY(16) (SERVICE ACTION IN(16), service action in byte 1 bits 4-0): bytes 2-9 LBA must be 0, bytes
     * 10-13 allocation length. Data (32 bytes): last LBA, block length, byte 13 physical-block exponent, byte 14
     * bit 7 LBPME (UNMAP supported) (§3.7; SCSI-REF READ CAPACITY(16) data).
     */
    private ScsiResult readCapacity16(byte[] cdb, int in, int buffer) throws CheckCondition {
        if ((u8(cdb, 1) & 0x1F) != ScsiOpcode.SA_READ_CAPACITY_16 || u64(cdb, 2) != 0) {
            throw CheckCondition.invalidField();
        }
        byte[] d = new byte[32];
        put64(d, 0, blocks - 1);
        put32(d, 8, blockSize);
        d[13] = (byte) physicalExponent;
        d[14] = (byte) 0x80;
        return dataIn(d, u32(cdb, 10), in, buffer);
    }

    /**
     * MODE SENSE(6)/(10): byte 1 bit 3 DBD, bit 4 LLBAA (10 only); byte 2 PC (bits 7-6) and page code; byte 3
     * subpage; allocation length byte 4 (6) or bytes 7-8 (10). Only page 08h or 3Fh, subpage 0 (or FFh with 3Fh);
     * PC 3 (saved) → SAVING PARAMETERS NOT SUPPORTED (§3.7).
     */
    private ScsiResult modeSense(byte[] cdb, int in, int buffer) throws CheckCondition {
        boolean ten = u8(cdb, 0) == ScsiOpcode.MODE_SENSE_10;
        boolean dbd = (u8(cdb, 1) & 0x08) != 0;
        boolean longLba = ten && (u8(cdb, 1) & 0x10) != 0;
        int pc = u8(cdb, 2) >>> 6;
        int page = u8(cdb, 2) & 0x3F;
        int subpage = u8(cdb, 3);
        if (page != MODE_PAGE_CACHING && page != MODE_PAGE_ALL
                || subpage != 0 && !(page == MODE_PAGE_ALL && subpage == 0xFF)) {
            throw CheckCondition.invalidField();
        }
        if (pc == 3) {
            throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_SAVING_PARAMETERS_NOT_SUPPORTED);
        }
        int header = ten ? 8 : 4;
        int descriptor = dbd ? 0 : longLba ? 16 : 8;
        byte[] d = new byte[header + descriptor + 2 + CACHING_PAGE_LENGTH];
        int specific = (image.readOnly() ? MODE_WP : 0) | MODE_DPOFUA;
        if (ten) {
            put16(d, 0, d.length - 2); // MODE DATA LENGTH
            d[3] = (byte) specific;
            d[4] = (byte) (longLba && !dbd ? 0x01 : 0); // LONGLBA
            put16(d, 6, descriptor); // BLOCK DESCRIPTOR LENGTH
        } else {
            d[0] = (byte) (d.length - 1);
            d[2] = (byte) specific;
            d[3] = (byte) descriptor;
        }
        if (descriptor == 8) { // short LBA descriptor: blocks (capped), reserved, block length (3 bytes)
            put32(d, header, Math.min(blocks, 0xFFFF_FFFFL));
            put32(d, header + 4, blockSize); // byte header+4 is reserved and stays 0 (block size < 2^24)
        } else if (descriptor == 16) { // long LBA descriptor: blocks (8), reserved (4), block length (4)
            put64(d, header, blocks);
            put32(d, header + 12, blockSize);
        }
        int p = header + descriptor;
        d[p] = MODE_PAGE_CACHING; // PS 0, SPF 0, page code 08h
        d[p + 1] = CACHING_PAGE_LENGTH;
        if (pc != 1) { // PC 1 = changeable values: nothing is changeable
            d[p + 2] = 0x04; // WCE: write cache enabled (SYNCHRONIZE CACHE / FUA make data durable); RCD 0
        }
        long allocation = ten ? u16(cdb, 7) : u8(cdb, 4);
        return dataIn(d, allocation, in, buffer);
    }

    /**
     * START STOP UNIT: byte 1 bit 0 IMMED; byte 3 bits 3-0 power condition modifier and byte 4 bits 7-4 power
     * condition must be 0; byte 4 bit 1 LOEJ must be 0 (not removable); a stop (START, bit 0, clear) without
     * NO_FLUSH (bit 2) flushes the image. The unit stays ready either way.
     */
    private ScsiResult startStop(byte[] cdb, int buffer) throws CheckCondition {
        int b4 = u8(cdb, 4);
        if ((u8(cdb, 3) & 0x0F) != 0 || (b4 & 0xF2) != 0) {
            throw CheckCondition.invalidField();
        }
        if ((b4 & 0x01) == 0 && (b4 & 0x04) == 0) {
            flush();
        }
        return ScsiResult.goodDataOut(0, buffer);
    }

    /** SYNCHRONIZE CACHE(10/16): the range must lie on the disk (0 blocks = to the end); flushes the image. */
    private ScsiResult synchronize(long lba, long count, int buffer) throws CheckCondition {
        checkRange(lba, count);
        flush();
        return ScsiResult.goodDataOut(0, buffer);
    }

    private void flush() throws CheckCondition {
        if (image.readOnly()) {
            return; // nothing was written
        }
        try {
            image.flush();
        } catch (IOException e) {
            throw new CheckCondition(ScsiSense.KEY_MEDIUM_ERROR, ScsiSense.ASC_WRITE_ERROR);
        }
    }

    /**
     * UNMAP: byte 1 bit 0 ANCHOR must be 0; bytes 7-8 parameter list length: 0 = nothing to do, 1..7 or more than
     * the data-out buffer → PARAMETER LIST LENGTH ERROR. Parameter list (SCSI-REF table 205/206): bytes 0-1 UNMAP
     * DATA LENGTH (≥ descriptor length + 6), bytes 2-3 BLOCK DESCRIPTOR DATA LENGTH (multiple of 16, within the
     * list), then 16-byte descriptors {u64 LBA, u32 count, 4 reserved}; bad lengths, too many descriptors or blocks
     * → INVALID FIELD IN PARAMETER LIST; a range off the disk → LBA OUT OF RANGE. All descriptors are checked before
     * any is discarded.
     */
    private ScsiResult unmap(byte[] cdb, byte[] out, int buffer) throws CheckCondition {
        if ((u8(cdb, 1) & 0x01) != 0) {
            throw CheckCondition.invalidField();
        }
        int listLength = u16(cdb, 7);
        if (listLength == 0) {
            return ScsiResult.goodDataOut(0, buffer);
        }
        if (listLength < 8 || listLength > out.length) {
            throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_PARAMETER_LIST_LENGTH_ERROR);
        }
        checkWritable();
        int dataLength = u16(out, 0);
        int descriptorLength = u16(out, 2);
        if (descriptorLength % 16 != 0 || descriptorLength + 8 > listLength || dataLength < descriptorLength + 6
                || descriptorLength / 16 > MAX_UNMAP_DESCRIPTORS) {
            throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        }
        int count = descriptorLength / 16;
        long total = 0;
        for (int i = 0; i < count; i++) {
            long blocksHere = u32(out, 8 + 16 * i + 8);
            checkRange(u64(out, 8 + 16 * i), blocksHere);
            total += blocksHere;
            if (total > MAX_UNMAP_BLOCKS) {
                throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST,
                        ScsiSense.ASC_INVALID_FIELD_IN_PARAMETER_LIST);
            }
        }
        try {
            for (int i = 0; i < count; i++) {
                long blocksHere = u32(out, 8 + 16 * i + 8);
                if (blocksHere > 0) {
                    image.discard(u64(out, 8 + 16 * i) * blockSize, blocksHere * blockSize);
                }
            }
        } catch (IOException e) {
            throw new CheckCondition(ScsiSense.KEY_MEDIUM_ERROR, ScsiSense.ASC_WRITE_ERROR);
        }
        return ScsiResult.goodDataOut(listLength, out.length);
    }
}
