package org.hvref.disk.vhdx;

import org.hvref.disk.DamagedImageException;
import org.hvref.wire.Guid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The VHDX metadata log (devices-net-storage-pci.md §6.2.4; MS-VHDX §2.3): building entries and replaying the
 * active sequence.
 *
 * <pre>
 * entry header (first descriptor sector): "loge" | checksum | EntryLength u32 | Tail u32 | Sequence u64
 *     | DescriptorCount u32 | reserved u32 | LogGuid | FlushedFileOffset u64 | LastFileOffset u64
 * descriptor (32 bytes, from byte 64 on): "desc" | trailing 4 | leading 8 | FileOffset u64 | Sequence u64
 *                                         "zero" | reserved | ZeroLength u64 | FileOffset u64 | Sequence u64
 * data sector: "data" | SequenceHigh u32 | 4084 bytes | SequenceLow u32
 * </pre>
 */
public final class VhdxLog {
    private static final int SECTOR = VhdxLayout.LOG_SECTOR;
    private static final int PAYLOAD = 4084;
    /** Largest log this implementation replays (it is read into memory); qemu's default is 1 MiB. */
    static final long MAX_REPLAY_LOG = 256 * VhdxLayout.MIB;

    private VhdxLog() {
    }

    /**
     * One 4 KiB page to write at a file offset.
     *
     * @param fileOffset 4 KiB multiple
     * @param bytes      4096 bytes
     */
    public record Page(long fileOffset, byte[] bytes) {
    }

    /** A parsed, checksum-valid entry. */
    private record Entry(long position, long length, long tail, long sequence, long flushed, long last,
                         List<Page> pages, List<long[]> zeros) {
    }

    /** @return descriptor sectors needed for {@code count} descriptors: ceil((count + 2) / 128) (§6.2.4) */
    static int descriptorSectors(int count) {
        return (count + 2 + 127) / 128;
    }

    /**
     * Builds one log entry with data descriptors for {@code pages}.
     *
     * @param logGuid  must equal the header's LogGuid
     * @param sequence > 0
     * @param tail     log offset of the first entry of the sequence
     * @param flushed  FlushedFileOffset
     * @param last     LastFileOffset
     * @param pages    the pages
     * @return the entry bytes
     */
    public static byte[] encodeEntry(UUID logGuid, long sequence, long tail, long flushed, long last,
                                     List<Page> pages) {
        int d = descriptorSectors(pages.size());
        byte[] b = new byte[(d + pages.size()) * SECTOR];
        ByteBuffer le = VhdxLayout.le(b);
        VhdxLayout.putSignature(b, 0, "loge");
        le.putInt(8, b.length);
        le.putInt(12, (int) tail);
        le.putLong(16, sequence);
        le.putInt(24, pages.size());
        Guid.write(le, 32, logGuid);
        le.putLong(48, flushed);
        le.putLong(56, last);
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            int at = 64 + 32 * i;
            VhdxLayout.putSignature(b, at, "desc");
            System.arraycopy(p.bytes(), SECTOR - 4, b, at + 4, 4);
            System.arraycopy(p.bytes(), 0, b, at + 8, 8);
            le.putLong(at + 16, p.fileOffset());
            le.putLong(at + 24, sequence);
            int s = (d + i) * SECTOR;
            VhdxLayout.putSignature(b, s, "data");
            le.putInt(s + 4, (int) (sequence >>> 32));
            System.arraycopy(p.bytes(), 8, b, s + 8, PAYLOAD);
            le.putInt(s + SECTOR - 4, (int) sequence);
        }
        le.putInt(4, VhdxLayout.crc(b, b.length, 4));
        return b;
    }

    /**
     * Replays the active sequence of the log of {@code header} into {@code file} (MS-VHDX §2.3.3): the run of
     * valid entries with consecutive sequence numbers and the highest head, from the head's tail to the head, then
     * grows the file to the head's LastFileOffset and syncs. A log with no valid entry for the LogGuid has nothing
     * to replay (as qemu treats it: the writer crashed before its entry was durable).
     *
     * @param file   the image file
     * @param header the current header (LogGuid non-zero)
     * @return the number of entries replayed
     * @throws IOException           if the file cannot be read or written
     * @throws DamagedImageException if the active sequence is inconsistent or the file is truncated
     */
    public static int replay(ImageFile file, VhdxHeader header) throws IOException {
        long logLength = header.logLength();
        if (logLength == 0) {
            throw new DamagedImageException("vhdx log: LogGuid set but log length 0");
        }
        if (logLength > MAX_REPLAY_LOG) {
            throw new VhdxUnsupportedFeatureException("vhdx log: length " + logLength + " to replay (supported: <= "
                    + MAX_REPLAY_LOG + ")");
        }
        if (header.logOffset() + logLength > file.length()) {
            throw new DamagedImageException("vhdx log: ends at " + (header.logOffset() + logLength)
                    + " (expected: <= file length " + file.length() + ")");
        }
        byte[] log = new byte[(int) logLength];
        file.read(header.logOffset(), log, 0, log.length);
        Map<Long, Entry> valid = new HashMap<>();
        for (long pos = 0; pos < logLength; pos += SECTOR) {
            Entry e = parse(log, pos, header);
            if (e != null) {
                valid.put(pos, e);
            }
        }
        List<Entry> best = null;
        for (Entry start : valid.values()) {
            List<Entry> run = new ArrayList<>();
            run.add(start);
            Entry cur = start;
            while (run.size() <= valid.size()) {
                Entry next = valid.get((cur.position() + cur.length()) % logLength);
                if (next == null || next.sequence() != cur.sequence() + 1) {
                    break;
                }
                run.add(next);
                cur = next;
            }
            long headSeq = cur.sequence();
            if (best == null || headSeq > best.get(best.size() - 1).sequence()
                    || (headSeq == best.get(best.size() - 1).sequence() && run.size() > best.size())) {
                best = run;
            }
        }
        if (best == null) {
            return 0;
        }
        Entry head = best.get(best.size() - 1);
        int from = -1;
        for (int i = 0; i < best.size(); i++) {
            if (best.get(i).position() == head.tail()) {
                from = i;
            }
        }
        if (from < 0) {
            throw new DamagedImageException("vhdx log: head entry " + head.sequence() + " has tail " + head.tail()
                    + " (expected: an entry of its sequence)");
        }
        if (file.length() < head.flushed()) {
            throw new DamagedImageException("vhdx log: file length " + file.length()
                    + " (expected: >= FlushedFileOffset " + head.flushed() + "; truncated)");
        }
        for (int i = from; i < best.size(); i++) {
            Entry e = best.get(i);
            for (long[] z : e.zeros()) {
                byte[] zeros = new byte[SECTOR];
                for (long off = 0; off < z[1]; off += SECTOR) {
                    file.write(z[0] + off, zeros, 0, SECTOR);
                }
            }
            for (Page p : e.pages()) {
                file.write(p.fileOffset(), p.bytes(), 0, SECTOR);
            }
        }
        if (file.length() < head.last()) {
            file.setLength(head.last());
        }
        file.sync();
        return best.size() - from;
    }

    private static Entry parse(byte[] log, long pos, VhdxHeader header) throws DamagedImageException {
        long logLength = log.length;
        byte[] first = sector(log, pos, 0);
        ByteBuffer le = VhdxLayout.le(first);
        if (!VhdxLayout.hasSignature(first, 0, "loge")) {
            return null;
        }
        long length = le.getInt(8) & 0xFFFFFFFFL;
        long tail = le.getInt(12) & 0xFFFFFFFFL;
        long sequence = le.getLong(16);
        long count = le.getInt(24) & 0xFFFFFFFFL;
        if (length == 0 || length % SECTOR != 0 || length > logLength || sequence == 0 || tail % SECTOR != 0
                || tail >= logLength || !Guid.read(le, 32).equals(header.logGuid())) {
            return null;
        }
        int sectors = (int) (length / SECTOR);
        if (count > (long) sectors * 128 || descriptorSectors((int) count) > sectors) {
            return null;
        }
        int d = descriptorSectors((int) count);
        byte[] entry = new byte[(int) length];
        for (int s = 0; s < sectors; s++) {
            System.arraycopy(sector(log, pos, s), 0, entry, s * SECTOR, SECTOR);
        }
        ByteBuffer e = VhdxLayout.le(entry);
        if (e.getInt(4) != VhdxLayout.crc(entry, entry.length, 4)) {
            return null;
        }
        List<Page> pages = new ArrayList<>();
        List<long[]> zeros = new ArrayList<>();
        int dataSector = d;
        for (int i = 0; i < count; i++) {
            int at = 64 + 32 * i;
            long fileOffset = e.getLong(at + 16);
            if (e.getLong(at + 24) != sequence || fileOffset % SECTOR != 0) {
                return null;
            }
            if (VhdxLayout.hasSignature(entry, at, "desc")) {
                if (dataSector >= sectors) {
                    return null;
                }
                int s = dataSector * SECTOR;
                if (!VhdxLayout.hasSignature(entry, s, "data") || (e.getInt(s + 4) & 0xFFFFFFFFL) != sequence >>> 32
                        || e.getInt(s + SECTOR - 4) != (int) sequence) {
                    return null;
                }
                byte[] page = new byte[SECTOR];
                System.arraycopy(entry, at + 8, page, 0, 8);
                System.arraycopy(entry, s + 8, page, 8, PAYLOAD);
                System.arraycopy(entry, at + 4, page, SECTOR - 4, 4);
                checkTarget(header, fileOffset, SECTOR);
                pages.add(new Page(fileOffset, page));
                dataSector++;
            } else if (VhdxLayout.hasSignature(entry, at, "zero")) {
                long zeroLength = e.getLong(at + 8);
                if (zeroLength % SECTOR != 0 || zeroLength < 0) {
                    return null;
                }
                checkTarget(header, fileOffset, zeroLength);
                zeros.add(new long[] {fileOffset, zeroLength});
            } else {
                return null;
            }
        }
        if (dataSector != sectors) {
            return null;
        }
        return new Entry(pos, length, tail, sequence, e.getLong(48), e.getLong(56), pages, zeros);
    }

    /** A checksum-valid entry that would overwrite the headers or the log itself means a damaged image. */
    private static void checkTarget(VhdxHeader header, long offset, long length) throws DamagedImageException {
        long end = offset + length;
        boolean inHeaders = offset < VhdxLayout.REGION_TABLE1_OFFSET;
        boolean inLog = offset < header.logOffset() + header.logLength() && end > header.logOffset();
        if (inHeaders || inLog || offset > VhdxLayout.MAX_DISK_SIZE * 2 || end < offset) {
            throw new DamagedImageException("vhdx log: descriptor writes [" + offset + ", " + end
                    + ") (expected: outside the headers and the log)");
        }
    }

    private static byte[] sector(byte[] log, long pos, int index) {
        byte[] s = new byte[SECTOR];
        int at = (int) ((pos + (long) index * SECTOR) % log.length);
        System.arraycopy(log, at, s, 0, SECTOR);
        return s;
    }
}
