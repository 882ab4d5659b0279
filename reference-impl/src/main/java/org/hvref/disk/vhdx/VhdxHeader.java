package org.hvref.disk.vhdx;

import org.hvref.disk.DamagedImageException;
import org.hvref.wire.Guid;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A VHDX header (devices-net-storage-pci.md §6.2.1; MS-VHDX §2.2.2): 4 KiB, CRC-32C over all of it.
 *
 * <pre>
 *   0 "head"  4 checksum  8 sequence u64  16 FileWriteGuid  32 DataWriteGuid  48 LogGuid
 *  64 LogVersion u16  66 Version u16  68 LogLength u32  72 LogOffset u64  80..4095 reserved
 * </pre>
 *
 * @param sequenceNumber the copy with the larger number is current
 * @param fileWriteGuid  changed on the first write of a session
 * @param dataWriteGuid  changed before the first user-visible change
 * @param logGuid        non-zero: the log may hold entries to replay
 * @param logVersion     must be 0
 * @param version        must be 1
 * @param logLength      log bytes, 1 MiB multiple
 * @param logOffset      log file offset, 1 MiB multiple
 */
public record VhdxHeader(long sequenceNumber, UUID fileWriteGuid, UUID dataWriteGuid, UUID logGuid, int logVersion,
                         int version, long logLength, long logOffset) {
    /** The all-zero GUID ("no log"). */
    public static final UUID NIL = new UUID(0, 0);
    static final int CHECKSUM_OFFSET = 4;

    /** @return whether the log may hold entries to replay */
    public boolean logDirty() {
        return !NIL.equals(logGuid);
    }

    /** @return this header with another sequence number, write GUIDs and log GUID */
    VhdxHeader next(UUID newFileWrite, UUID newDataWrite, UUID newLog) {
        return new VhdxHeader(sequenceNumber + 1, newFileWrite, newDataWrite, newLog, logVersion, version, logLength,
                logOffset);
    }

    /** @return the 4 KiB on-disk form with its checksum */
    public byte[] encode() {
        byte[] b = new byte[VhdxLayout.HEADER_SIZE];
        ByteBuffer le = VhdxLayout.le(b);
        VhdxLayout.putSignature(b, 0, "head");
        le.putLong(8, sequenceNumber);
        Guid.write(le, 16, fileWriteGuid);
        Guid.write(le, 32, dataWriteGuid);
        Guid.write(le, 48, logGuid);
        le.putShort(64, (short) logVersion);
        le.putShort(66, (short) version);
        le.putInt(68, (int) logLength);
        le.putLong(72, logOffset);
        le.putInt(CHECKSUM_OFFSET, VhdxLayout.crc(b, b.length, CHECKSUM_OFFSET));
        return b;
    }

    /**
     * Decodes and validates one header copy.
     *
     * @param b    4 KiB
     * @param name for messages, e.g. "header 1"
     * @return the header
     * @throws DamagedImageException if the signature, checksum, version or log placement is wrong
     */
    public static VhdxHeader decode(byte[] b, String name) throws DamagedImageException {
        ByteBuffer le = VhdxLayout.le(b);
        if (!VhdxLayout.hasSignature(b, 0, "head")) {
            throw new DamagedImageException("vhdx " + name + ": signature missing (expected: \"head\")");
        }
        int stored = le.getInt(CHECKSUM_OFFSET);
        int actual = VhdxLayout.crc(b, VhdxLayout.HEADER_SIZE, CHECKSUM_OFFSET);
        if (stored != actual) {
            throw new DamagedImageException(String.format("vhdx %s: checksum 0x%08x (expected: 0x%08x)", name,
                    stored, actual));
        }
        int version = le.getShort(66) & 0xFFFF;
        if (version != 1) {
            throw new DamagedImageException("vhdx " + name + ": version " + version + " (expected: 1)");
        }
        int logVersion = le.getShort(64) & 0xFFFF;
        long logLength = le.getInt(68) & 0xFFFFFFFFL;
        long logOffset = le.getLong(72);
        if (logLength % VhdxLayout.MIB != 0 || logOffset % VhdxLayout.MIB != 0 || logOffset < VhdxLayout.MIB) {
            throw new DamagedImageException("vhdx " + name + ": log at " + logOffset + " length " + logLength
                    + " (expected: 1 MiB multiples, offset >= 1 MiB)");
        }
        return new VhdxHeader(le.getLong(8), Guid.read(le, 16), Guid.read(le, 32), Guid.read(le, 48), logVersion,
                version, logLength, logOffset);
    }
}
