package org.hvref.storage.scsi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The SCSI target behind one StorVSC controller: LUNs 0..255 (vm_srb lun is one byte, devices-net-storage-pci.md
 * §3.2) each with a {@link ScsiDisk}; answers REPORT LUNS itself and, for a LUN without a disk, what §3.7 says the
 * host answers: standard INQUIRY with peripheral 0x7F, VPD INQUIRY → ILLEGAL REQUEST, anything else → CHECK
 * CONDITION (ILLEGAL REQUEST / LOGICAL UNIT NOT SUPPORTED) with {@link ScsiResult#invalidLun()} set so the protocol
 * layer reports SRB INVALID_LUN.
 */
public final class ScsiTarget {
    /** Number of addressable LUNs (vm_srb lun is a byte, §3.2). */
    public static final int LUN_COUNT = 256;
    /** REPORT LUNS: smallest allocation length accepted (SCSI-REF REPORT LUNS: less than 16 is an error). */
    static final int REPORT_LUNS_MIN_ALLOCATION = 16;

    private final ConcurrentSkipListMap<Integer, ScsiDisk> disks = new ConcurrentSkipListMap<>();

    /**
     * Attaches a disk at a LUN.
     *
     * @param lun  0..255
     * @param disk the disk
     * @throws IllegalArgumentException if the LUN is out of range or taken
     */
    public void attach(int lun, ScsiDisk disk) {
        Objects.requireNonNull(disk, "disk");
        checkLun(lun);
        if (disks.putIfAbsent(lun, disk) != null) {
            throw new IllegalArgumentException("lun: " + lun + " (expected: a free LUN)");
        }
    }

    /**
     * Detaches the disk at a LUN (the caller sends ENUMERATE_BUS, §3.5).
     *
     * @param lun 0..255
     * @return whether a disk was attached there
     */
    public boolean detach(int lun) {
        checkLun(lun);
        return disks.remove(lun) != null;
    }

    /**
     * Whether a LUN has a disk; commands to other LUNs end with {@link ScsiResult#invalidLun()}.
     *
     * @param lun any value
     * @return whether a disk is attached at {@code lun}
     */
    public boolean hasLun(int lun) {
        return disks.containsKey(lun);
    }

    /** @return the attached LUNs in ascending order */
    public List<Integer> luns() {
        return List.copyOf(disks.keySet());
    }

    /**
     * Executes one command at a LUN.
     *
     * @param lun          the LUN from the request (any value; outside 0..255 is treated as absent)
     * @param cdb          the CDB (length = cdb_length)
     * @param dataOut      the data-out buffer (empty unless the request writes)
     * @param dataInLength the data-in buffer length (0 unless the request reads)
     * @return GOOD or CHECK CONDITION; never throws for any CDB or data
     * @throws IllegalArgumentException if both buffers are given or {@code dataInLength} is negative (caller bugs)
     */
    public ScsiResult execute(int lun, byte[] cdb, byte[] dataOut, int dataInLength) {
        Objects.requireNonNull(cdb, "cdb");
        Objects.requireNonNull(dataOut, "dataOut");
        if (dataInLength < 0 || (dataInLength > 0 && dataOut.length > 0)) {
            throw new IllegalArgumentException("buffers: dataOut " + dataOut.length + " dataIn " + dataInLength
                    + " (expected: at most one, non-negative)");
        }
        int buffer = Math.max(dataOut.length, dataInLength);
        boolean reportLuns = cdb.length > 0 && (cdb[0] & 0xFF) == ScsiOpcode.REPORT_LUNS;
        ScsiDisk disk = disks.get(lun);
        if (disk != null && !reportLuns) {
            return disk.execute(cdb, dataOut, dataInLength);
        }
        try {
            int opcode = Cdb.opcode(cdb);
            if (opcode == ScsiOpcode.REPORT_LUNS) {
                return reportLuns(cdb, dataInLength, buffer);
            }
            if (opcode == ScsiOpcode.INQUIRY) {
                return absentInquiry(lun, cdb, dataInLength, buffer);
            }
        } catch (CheckCondition e) {
            return ScsiResult.checkCondition(e.sense(), buffer, false);
        }
        return ScsiResult.checkCondition(new ScsiSense(ScsiSense.KEY_ILLEGAL_REQUEST,
                ScsiSense.ASC_LUN_NOT_SUPPORTED, 0), buffer, true);
    }

    /**
     * REPORT LUNS: byte 2 SELECT REPORT 00h (all), 01h (well-known only: none) or 02h (all); bytes 6-9 allocation
     * length (≥ 16). Data: u32 list length (8 per LUN), 4 reserved, then per LUN 8 bytes with the LUN in bytes 0-1
     * (peripheral device addressing, bus 0) (§3.7; SCSI-REF REPORT LUNS).
     */
    private ScsiResult reportLuns(byte[] cdb, int in, int buffer) throws CheckCondition {
        int select = Cdb.u8(cdb, 2);
        long allocation = Cdb.u32(cdb, 6);
        if (select > 2 || allocation < REPORT_LUNS_MIN_ALLOCATION) {
            throw CheckCondition.invalidField();
        }
        List<Integer> luns = select == 1 ? List.of() : luns();
        byte[] d = new byte[8 + 8 * luns.size()];
        Cdb.put32(d, 0, 8L * luns.size());
        for (int i = 0; i < luns.size(); i++) {
            Cdb.put16(d, 8 + 8 * i, luns.get(i));
        }
        return ScsiDisk.dataIn(d, allocation, in, buffer);
    }

    /** INQUIRY at a LUN without a disk: standard data with peripheral 0x7F (names blank unless LUN 0); VPD fails. */
    private static ScsiResult absentInquiry(int lun, byte[] cdb, int in, int buffer) throws CheckCondition {
        if ((Cdb.u8(cdb, 1) & 0x03) != 0 || Cdb.u8(cdb, 2) != 0) {
            throw CheckCondition.invalidField();
        }
        return ScsiDisk.dataIn(ScsiDisk.standardInquiry(false, lun != 0), Cdb.u16(cdb, 3), in, buffer);
    }

    private static void checkLun(int lun) {
        if (lun < 0 || lun >= LUN_COUNT) {
            throw new IllegalArgumentException("lun: " + lun + " (expected: 0.." + (LUN_COUNT - 1) + ")");
        }
    }
}
