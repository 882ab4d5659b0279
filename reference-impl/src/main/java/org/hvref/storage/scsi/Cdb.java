package org.hvref.storage.scsi;

/** Checks a CDB's shape and reads its big-endian fields (SCSI-REF: every multi-byte CDB field is big-endian). */
final class Cdb {
    /** NACA bit of the CONTROL byte (last CDB byte; SCSI-REF "CONTROL byte"); the target does not support ACA. */
    static final int CONTROL_NACA = 0x04;

    private Cdb() {
    }

    /**
     * Checks length, opcode and CONTROL byte.
     *
     * @return the opcode
     * @throws CheckCondition INVALID FIELD IN CDB for an empty, over-long or short CDB or a set NACA bit;
     *                        INVALID COMMAND OPERATION CODE for an opcode the target does not implement
     */
    static int opcode(byte[] cdb) throws CheckCondition {
        if (cdb.length == 0 || cdb.length > ScsiOpcode.MAX_CDB_LENGTH) {
            throw CheckCondition.invalidField();
        }
        int opcode = cdb[0] & 0xFF;
        int length = ScsiOpcode.cdbLength(opcode);
        if (length == 0) {
            throw new CheckCondition(ScsiSense.KEY_ILLEGAL_REQUEST, ScsiSense.ASC_INVALID_OPCODE);
        }
        if (cdb.length < length || (cdb[length - 1] & CONTROL_NACA) != 0) {
            throw CheckCondition.invalidField();
        }
        return opcode;
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return (long) u16(b, off) << 16 | u16(b, off + 2);
    }

    /** @return the u64 as a long (negative when above {@link Long#MAX_VALUE}) */
    static long u64(byte[] b, int off) {
        return u32(b, off) << 32 | u32(b, off + 4);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }

    static void put64(byte[] b, int off, long v) {
        put32(b, off, v >>> 32);
        put32(b, off + 4, v);
    }
}
