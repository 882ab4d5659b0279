package org.hvref.disk.vhdx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.hvref.disk.DamagedImageException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.ImageFiles;

/**
 * A fixed or dynamic VHDX image (devices-net-storage-pci.md §6.2; MS-VHDX): opens (replaying a dirty log),
 * validates, reads, writes with block allocation, and journals every BAT change through the log so that a crash at
 * any point leaves a consistent image; {@link #discard} sets fully discarded blocks to ZERO through the log.
 * Differencing images are refused. Reads, writes and flushes are serialized
 * (one lock per image).
 */
public final class VhdxImage implements DiskImage {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CREATOR = "hvref";

    private final ImageFile file;
    private final boolean readOnly;
    private final VhdxMetadata metadata;
    private final long batOffset;
    private final long[] bat;
    private final long chunkRatio;
    private final long dataFloor;
    private VhdxHeader header;
    private long headerSlot;
    private boolean sessionStarted;
    private int logReplayed;

    private VhdxImage(ImageFile file, boolean readOnly, VhdxHeader header, long headerSlot, VhdxMetadata metadata,
                      long batOffset, long[] bat, long dataFloor) {
        this.file = file;
        this.readOnly = readOnly;
        this.header = header;
        this.headerSlot = headerSlot;
        this.metadata = metadata;
        this.batOffset = batOffset;
        this.bat = bat;
        this.chunkRatio = metadata.chunkRatio();
        this.dataFloor = dataFloor;
    }

    /**
     * Opens a VHDX file.
     *
     * @param path     the file
     * @param readOnly whether to open read-only (a dirty log is then replayed in memory only)
     * @return the image
     * @throws IOException if it cannot be read, is damaged ({@link DamagedImageException}) or unsupported
     */
    public static VhdxImage open(Path path, boolean readOnly) throws IOException {
        ImageFile f = ChannelImageFile.open(path, readOnly);
        try {
            return open(f, readOnly);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /**
     * Opens a VHDX image on any {@link ImageFile}; the image owns the file afterwards.
     *
     * @param file     the bytes
     * @param readOnly whether to open read-only
     * @return the image
     * @throws IOException if it cannot be read, is damaged ({@link DamagedImageException}) or unsupported
     */
    public static VhdxImage open(ImageFile file, boolean readOnly) throws IOException {
        long length = file.length();
        if (length < VhdxLayout.MIB) {
            throw new DamagedImageException("vhdx: file of " + length + " bytes (expected: >= 1 MiB)");
        }
        byte[] ident = new byte[8];
        file.read(0, ident, 0, 8);
        if (!VhdxLayout.hasSignature(ident, 0, "vhdxfile")) {
            throw new DamagedImageException("vhdx: file type identifier missing (expected: \"vhdxfile\")");
        }
        VhdxHeader[] headers = new VhdxHeader[2];
        byte[][] raw = new byte[2][];
        String[] errors = new String[2];
        for (int i = 0; i < 2; i++) {
            raw[i] = new byte[VhdxLayout.HEADER_SIZE];
            file.read(i == 0 ? VhdxLayout.HEADER1_OFFSET : VhdxLayout.HEADER2_OFFSET, raw[i], 0, raw[i].length);
            try {
                headers[i] = VhdxHeader.decode(raw[i], "header " + (i + 1));
            } catch (DamagedImageException e) {
                errors[i] = e.getMessage();
            }
        }
        int current;
        if (headers[0] == null && headers[1] == null) {
            throw new DamagedImageException("vhdx: no valid header (" + errors[0] + "; " + errors[1] + ")");
        } else if (headers[0] == null) {
            current = 1;
        } else if (headers[1] == null) {
            current = 0;
        } else if (headers[0].sequenceNumber() == headers[1].sequenceNumber()) {
            if (!Arrays.equals(raw[0], raw[1])) {
                throw new DamagedImageException("vhdx: both headers have sequence number "
                        + Long.toUnsignedString(headers[0].sequenceNumber()) + " but differ");
            }
            current = 0;
        } else {
            current = Long.compareUnsigned(headers[0].sequenceNumber(), headers[1].sequenceNumber()) > 0 ? 0 : 1;
        }
        VhdxHeader header = headers[current];
        if (header.logVersion() != 0) {
            throw new VhdxUnsupportedFeatureException("vhdx: log version " + header.logVersion()
                    + " (supported: 0)");
        }
        ImageFile store = file;
        int replayed = 0;
        if (header.logDirty()) {
            if (readOnly) {
                store = new OverlayImageFile(file);
            }
            replayed = VhdxLog.replay(store, header);
        }
        return openClean(store, readOnly, header, current == 0 ? VhdxLayout.HEADER1_OFFSET
                : VhdxLayout.HEADER2_OFFSET, replayed);
    }

    /**
     * The file ranges ({start, end, -1}) the header area, the log and the regions take, for the overlap check.
     *
     * @param header  the current header
     * @param regions the region table
     * @param errors  receives one message per unknown region marked required (§6.2: "Readers must refuse files with
     *                an unknown region whose required bit is set")
     * @return the ranges
     */
    static List<long[]> headerLogAndRegions(VhdxHeader header, VhdxRegionTable regions, List<String> errors) {
        List<long[]> used = new ArrayList<>();
        used.add(new long[] {0, VhdxLayout.MIB, -1});
        if (header.logLength() > 0) {
            used.add(new long[] {header.logOffset(), header.logOffset() + header.logLength(), -1});
        }
        for (VhdxRegionTable.Region r : regions.regions()) {
            boolean known = r.guid().equals(VhdxLayout.BAT_REGION) || r.guid().equals(VhdxLayout.METADATA_REGION);
            if (!known && r.required()) {
                errors.add("vhdx region table: unknown required region " + r.guid() + " (expected: none)");
            }
            used.add(new long[] {r.fileOffset(), r.fileOffset() + r.length(), -1});
        }
        return used;
    }

    private static VhdxImage openClean(ImageFile file, boolean readOnly, VhdxHeader header, long slot, int replayed)
            throws IOException {
        long length = file.length();
        VhdxRegionTable regions = readRegions(file);
        VhdxRegionTable.Region batRegion = regions.find(VhdxLayout.BAT_REGION);
        VhdxRegionTable.Region metaRegion = regions.find(VhdxLayout.METADATA_REGION);
        List<String> regionErrors = new ArrayList<>();
        List<long[]> used = headerLogAndRegions(header, regions, regionErrors);
        if (!regionErrors.isEmpty()) {
            throw new DamagedImageException(regionErrors.get(0));
        }
        checkOverlaps(used);
        if (metaRegion.fileOffset() + metaRegion.length() > length || metaRegion.length() > 64 * VhdxLayout.MIB) {
            throw new DamagedImageException("vhdx metadata region: [" + metaRegion.fileOffset() + ", "
                    + (metaRegion.fileOffset() + metaRegion.length()) + ") (expected: inside the file of " + length
                    + " bytes, <= 64 MiB)");
        }
        byte[] meta = new byte[(int) metaRegion.length()];
        file.read(metaRegion.fileOffset(), meta, 0, meta.length);
        VhdxMetadata metadata = VhdxMetadata.decode(meta);
        long entries = metadata.batEntries();
        if (entries * 8 > batRegion.length()) {
            throw new DamagedImageException("vhdx BAT region: " + batRegion.length() + " bytes (expected: >= "
                    + entries * 8 + " for " + entries + " entries)");
        }
        if (entries > Integer.MAX_VALUE / 8 || batRegion.fileOffset() + entries * 8 > length) {
            throw new DamagedImageException("vhdx BAT: " + entries + " entries at " + batRegion.fileOffset()
                    + " (expected: inside the file of " + length + " bytes)");
        }
        byte[] batBytes = new byte[(int) entries * 8];
        file.read(batRegion.fileOffset(), batBytes, 0, batBytes.length);
        long[] bat = new long[(int) entries];
        VhdxLayout.le(batBytes).asLongBuffer().get(bat);
        long floor = 0;
        for (long[] u : used) {
            floor = Math.max(floor, u[1]);
        }
        checkBat(bat, metadata, length, used);
        VhdxImage image = new VhdxImage(file, readOnly, header, slot, metadata, batRegion.fileOffset(), bat, floor);
        image.logReplayed = replayed;
        if (header.logDirty() && !readOnly) {
            image.updateHeader(header.fileWriteGuid(), header.dataWriteGuid(), VhdxHeader.NIL);
        }
        return image;
    }

    private static VhdxRegionTable readRegions(ImageFile file) throws IOException {
        byte[] t = new byte[VhdxLayout.REGION_TABLE_SIZE];
        file.read(VhdxLayout.REGION_TABLE1_OFFSET, t, 0, t.length);
        try {
            return VhdxRegionTable.decode(t, "region table 1");
        } catch (DamagedImageException first) {
            file.read(VhdxLayout.REGION_TABLE2_OFFSET, t, 0, t.length);
            try {
                return VhdxRegionTable.decode(t, "region table 2");
            } catch (DamagedImageException second) {
                throw new DamagedImageException("vhdx: no valid region table (" + first.getMessage() + "; "
                        + second.getMessage() + ")");
            }
        }
    }

    /** Every BAT entry: legal state, reserved bits zero, block inside the file, no overlaps (§6.2.3, §6.2.5 #9). */
    private static void checkBat(long[] bat, VhdxMetadata metadata, long length, List<long[]> used)
            throws DamagedImageException {
        List<String> errors = batErrors(bat, metadata, length, used);
        if (!errors.isEmpty()) {
            throw new DamagedImageException(errors.get(0));
        }
    }

    /**
     * Every problem of the BAT, in the order {@link #open} reports the first one: per entry (state, reserved bits,
     * offset), blocks past the end of the file (only the last block may be partial), overlaps with each other or
     * with {@code used} ({start, end, -1} ranges of the other structures).
     *
     * @param bat      the entries
     * @param metadata the parsed metadata
     * @param length   file length
     * @param used     the other structures
     * @return messages, empty if the BAT is consistent
     */
    static List<String> batErrors(long[] bat, VhdxMetadata metadata, long length, List<long[]> used) {
        List<String> errors = new ArrayList<>();
        long ratio = metadata.chunkRatio();
        List<long[]> ranges = new ArrayList<>(used);
        long highest = -1;
        long highestIndex = -1;
        for (int i = 0; i < bat.length; i++) {
            long e = bat[i];
            int state = VhdxBat.state(e);
            boolean bitmap = VhdxBat.isBitmapIndex(i, ratio);
            if ((e & VhdxBat.RESERVED_MASK) != 0) {
                errors.add(String.format("vhdx BAT entry %d: 0x%016x has reserved bits set", i, e));
                continue;
            }
            boolean legal = bitmap ? state == VhdxBat.NOT_PRESENT || state == VhdxBat.FULLY_PRESENT
                    : state <= VhdxBat.UNMAPPED || state == VhdxBat.UNMAPPED_V095 || state == VhdxBat.FULLY_PRESENT;
            if (!legal) {
                errors.add("vhdx BAT entry " + i + ": state " + state + " (expected: "
                        + (bitmap ? "0 or 6 for a sector bitmap" : "0, 1, 2, 3, 5 or 6 without a parent") + ")");
                continue;
            }
            if (state != VhdxBat.FULLY_PRESENT) {
                continue;
            }
            long off = VhdxBat.offset(e);
            long size = bitmap ? VhdxLayout.MIB : metadata.blockSize();
            if (off < VhdxLayout.MIB || off >= length) {
                errors.add("vhdx BAT entry " + i + ": block at " + off
                        + " (expected: >= 1 MiB and inside the file of " + length + " bytes)");
                continue;
            }
            ranges.add(new long[] {off, off + size, i});
            if (off > highest) {
                highest = off;
                highestIndex = i;
            }
        }
        for (long[] r : ranges) {
            if (r[2] >= 0 && r[1] > length && r[2] != highestIndex) {
                errors.add("vhdx BAT entry " + r[2] + ": block [" + r[0] + ", " + r[1]
                        + ") (expected: inside the file of " + length + " bytes)");
            }
        }
        errors.addAll(overlaps(ranges));
        return errors;
    }

    private static void checkOverlaps(List<long[]> ranges) throws DamagedImageException {
        List<String> errors = overlaps(ranges);
        if (!errors.isEmpty()) {
            throw new DamagedImageException(errors.get(0));
        }
    }

    /** @return one message per range that starts inside the furthest-reaching range before it */
    static List<String> overlaps(List<long[]> ranges) {
        List<String> errors = new ArrayList<>();
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        long[] reach = null;
        for (long[] b : sorted) {
            if (reach != null && b[0] < reach[1]) {
                errors.add("vhdx: " + describe(b) + " overlaps " + describe(reach));
            }
            if (reach == null || b[1] > reach[1]) {
                reach = b;
            }
        }
        return errors;
    }

    private static String describe(long[] r) {
        return (r[2] >= 0 ? "block of BAT entry " + r[2] : "structure") + " [" + r[0] + ", " + r[1] + ")";
    }

    /**
     * Creates a VHDX file laid out as {@code qemu-img create -f vhdx} does (§6.2.5), replacing any existing file.
     *
     * @param path    the file
     * @param options size and qemu-img options
     * @throws IOException if it cannot be written
     */
    public static void create(Path path, VhdxCreateOptions options) throws IOException {
        Files.deleteIfExists(path);
        Files.createFile(path);
        try (ImageFile f = ChannelImageFile.open(path, false)) {
            create(f, options);
        }
    }

    /**
     * Writes a new VHDX image into an empty {@link ImageFile} (§6.2.5).
     *
     * @param f       the empty file
     * @param options size and qemu-img options
     * @throws IOException if it cannot be written
     */
    public static void create(ImageFile f, VhdxCreateOptions options) throws IOException {
        long blockSize = options.effectiveBlockSize();
        VhdxMetadata meta = new VhdxMetadata(blockSize, options.fixed(), options.effectiveSize(),
                options.logicalSectorSize(), options.physicalSectorSize(), UUID.randomUUID());
        long entries = meta.batEntries();
        long logOffset = VhdxLayout.MIB;
        long batOffset = VhdxLayout.roundUp(logOffset + options.logSize(), VhdxLayout.MIB);
        long batLength = VhdxLayout.roundUp(entries * 8, VhdxLayout.MIB);
        long metaOffset = batOffset + batLength;
        long dataStart = batOffset + batLength + 5 * VhdxLayout.MIB;
        byte[] ident = new byte[VhdxLayout.KIB64];
        VhdxLayout.putSignature(ident, 0, "vhdxfile");
        byte[] creator = CREATOR.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(creator, 0, ident, 8, creator.length);
        f.write(0, ident, 0, ident.length);
        long seq = RANDOM.nextInt() & 0xFFFFFFFFL;
        VhdxHeader h1 = new VhdxHeader(seq, UUID.randomUUID(), UUID.randomUUID(), VhdxHeader.NIL, 0, 1,
                options.logSize(), logOffset);
        VhdxHeader h2 = h1.next(h1.fileWriteGuid(), h1.dataWriteGuid(), VhdxHeader.NIL);
        f.write(VhdxLayout.HEADER1_OFFSET, h1.encode(), 0, VhdxLayout.HEADER_SIZE);
        f.write(VhdxLayout.HEADER2_OFFSET, h2.encode(), 0, VhdxLayout.HEADER_SIZE);
        byte[] regions = new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxLayout.BAT_REGION, batOffset, batLength, true),
                new VhdxRegionTable.Region(VhdxLayout.METADATA_REGION, metaOffset, VhdxLayout.MIB, true))).encode();
        f.write(VhdxLayout.REGION_TABLE1_OFFSET, regions, 0, regions.length);
        f.write(VhdxLayout.REGION_TABLE2_OFFSET, regions, 0, regions.length);
        byte[] metaBytes = meta.encode();
        f.write(metaOffset, metaBytes, 0, metaBytes.length);
        long payloads = meta.payloadBlocks();
        long ratio = meta.chunkRatio();
        byte[] batBytes = new byte[(int) entries * 8];
        java.nio.ByteBuffer le = VhdxLayout.le(batBytes);
        long end = dataStart;
        for (long b = 0; b < payloads; b++) {
            long entry = 0;
            if (options.blockStateZero()) {
                entry = VhdxBat.entry(VhdxBat.ZERO, 0);
            } else if (options.fixed()) {
                long off = VhdxLayout.roundUp(dataStart + b * blockSize, VhdxLayout.MIB);
                entry = VhdxBat.entry(VhdxBat.FULLY_PRESENT, off);
                end = off + blockSize;
            }
            le.putLong((int) VhdxBat.payloadIndex(b, ratio) * 8, entry);
        }
        f.write(batOffset, batBytes, 0, batBytes.length);
        f.setLength(options.fixed() ? Math.max(end, dataStart + payloads * blockSize) : dataStart);
        f.sync();
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.VHDX;
    }

    @Override
    public long size() {
        return metadata.virtualSize();
    }

    @Override
    public int logicalSectorSize() {
        return metadata.logicalSectorSize();
    }

    @Override
    public int physicalSectorSize() {
        return metadata.physicalSectorSize();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** @return the parsed metadata items (block size, sizes, page 83 id) */
    public VhdxMetadata metadata() {
        return metadata;
    }

    /** @return the current header */
    public VhdxHeader header() {
        return header;
    }

    /** @return how many log entries were replayed on open */
    public int logEntriesReplayed() {
        return logReplayed;
    }

    /** @return a copy of BAT entry {@code index} */
    public long batEntry(int index) {
        return bat[index];
    }

    /** @return the number of BAT entries */
    public int batEntries() {
        return bat.length;
    }

    @Override
    public synchronized void read(long offset, byte[] dst, int dstOff, int length) throws IOException {
        ImageFiles.checkRange(this, offset, dst.length, dstOff, length);
        long blockSize = metadata.blockSize();
        int done = 0;
        while (done < length) {
            long pos = offset + done;
            long block = pos / blockSize;
            long inBlock = pos % blockSize;
            int n = (int) Math.min(length - done, blockSize - inBlock);
            long entry = bat[(int) VhdxBat.payloadIndex(block, chunkRatio)];
            if (VhdxBat.state(entry) == VhdxBat.FULLY_PRESENT) {
                file.read(VhdxBat.offset(entry) + inBlock, dst, dstOff + done, n);
            } else {
                Arrays.fill(dst, dstOff + done, dstOff + done + n, (byte) 0);
            }
            done += n;
        }
    }

    @Override
    public synchronized void write(long offset, byte[] src, int srcOff, int length) throws IOException {
        if (readOnly) {
            throw new IOException("vhdx: image opened read-only");
        }
        ImageFiles.checkRange(this, offset, src.length, srcOff, length);
        if (length == 0) {
            return;
        }
        if (!sessionStarted) {
            updateHeader(UUID.randomUUID(), UUID.randomUUID(), header.logGuid());
            sessionStarted = true;
        }
        long blockSize = metadata.blockSize();
        int done = 0;
        while (done < length) {
            long pos = offset + done;
            long block = pos / blockSize;
            long inBlock = pos % blockSize;
            int n = (int) Math.min(length - done, blockSize - inBlock);
            int index = (int) VhdxBat.payloadIndex(block, chunkRatio);
            long entry = bat[index];
            if (VhdxBat.state(entry) == VhdxBat.FULLY_PRESENT) {
                file.write(VhdxBat.offset(entry) + inBlock, src, srcOff + done, n);
            } else {
                allocate(index, inBlock, src, srcOff + done, n);
            }
            done += n;
        }
    }

    /** BAT pages journaled per log entry by {@link #discard} (a 1 MiB log holds 255 sectors after the descriptor). */
    static final int DISCARD_PAGES_PER_LOG_ENTRY = 32;

    /**
     * Discards a range (SCSI UNMAP); afterwards it reads as zeros. Payload blocks fully covered by the range (the last
     * block up to the disk end) whose entry is FULLY_PRESENT get state PAYLOAD_BLOCK_ZERO (2, offset 0) — "must read
     * as zeros" (§6.2.3), the state qemu itself writes for blocks it has not allocated (§6.2.5 item 7) and which
     * qemu allocates afresh on the next write — written through the log like every BAT change, so a crash leaves each
     * block either intact or ZERO. Partially covered allocated blocks get the covered bytes zeroed in place (data, not
     * journaled), before any BAT change. Fixed images (LeaveBlocksAllocated) keep their blocks: only the bytes are
     * zeroed. The file space of a block set to ZERO is not reused or trimmed (it becomes unreferenced, like a block
     * orphaned by a crash during allocation); UNMAPPED (3) is avoided because the spec lets it read as the old data
     * (§6.2.3).
     */
    @Override
    public synchronized void discard(long offset, long length) throws IOException {
        ImageFiles.checkDiscard(this, offset, length);
        if (length == 0) {
            return;
        }
        if (!sessionStarted) {
            updateHeader(UUID.randomUUID(), UUID.randomUUID(), header.logGuid());
            sessionStarted = true;
        }
        long blockSize = metadata.blockSize();
        List<Integer> freed = new ArrayList<>();
        long pos = offset;
        long end = offset + length;
        boolean zeroed = false;
        while (pos < end) {
            long block = pos / blockSize;
            long inBlock = pos % blockSize;
            long n = Math.min(end - pos, blockSize - inBlock);
            int index = (int) VhdxBat.payloadIndex(block, chunkRatio);
            long entry = bat[index];
            if (VhdxBat.state(entry) == VhdxBat.FULLY_PRESENT) {
                boolean whole = inBlock == 0 && n == Math.min(blockSize, size() - pos);
                if (whole && !metadata.leaveBlocksAllocated()) {
                    freed.add(index);
                } else {
                    ImageFiles.zero(file::write, VhdxBat.offset(entry) + inBlock, n);
                    zeroed = true;
                }
            }
            pos += n;
        }
        if (zeroed) {
            file.sync();
        }
        setZeroState(freed);
    }

    /** Sets the entries to ZERO, one log entry per {@link #DISCARD_PAGES_PER_LOG_ENTRY} BAT pages. */
    private void setZeroState(List<Integer> indexes) throws IOException {
        long zero = VhdxBat.entry(VhdxBat.ZERO, 0);
        int i = 0;
        while (i < indexes.size()) {
            List<VhdxLog.Page> pages = new ArrayList<>();
            List<Integer> inEntry = new ArrayList<>();
            long pageStart = -1;
            byte[] page = null;
            while (i < indexes.size()) {
                int index = indexes.get(i);
                long byteOffset = (long) index * 8;
                long start = byteOffset / VhdxLayout.LOG_SECTOR * VhdxLayout.LOG_SECTOR;
                if (start != pageStart) {
                    if (pages.size() == DISCARD_PAGES_PER_LOG_ENTRY) {
                        break;
                    }
                    pageStart = start;
                    page = new byte[VhdxLayout.LOG_SECTOR];
                    file.read(batOffset + start, page, 0, page.length);
                    pages.add(new VhdxLog.Page(batOffset + start, page));
                }
                VhdxLayout.le(page).putLong((int) (byteOffset - start), zero);
                inEntry.add(index);
                i++;
            }
            writeThroughLog(pages);
            for (int index : inEntry) {
                bat[index] = zero;
            }
        }
    }

    /**
     * Allocates a zero block at the 1 MiB-aligned end of the file, writes the data into it, makes it durable, then
     * points the BAT entry at it through the log (§6.2.5 #8): a crash before the log entry leaves an orphan block.
     */
    private void allocate(int index, long inBlock, byte[] src, int srcOff, int n) throws IOException {
        long blockSize = metadata.blockSize();
        long at = Math.max(VhdxLayout.roundUp(file.length(), VhdxLayout.MIB), dataFloor);
        file.setLength(at + blockSize);
        file.write(at + inBlock, src, srcOff, n);
        file.sync();
        updateBat(index, VhdxBat.entry(VhdxBat.FULLY_PRESENT, at));
    }

    private void updateBat(int index, long value) throws IOException {
        long byteOffset = (long) index * 8;
        long pageStart = byteOffset / VhdxLayout.LOG_SECTOR * VhdxLayout.LOG_SECTOR;
        byte[] page = new byte[VhdxLayout.LOG_SECTOR];
        file.read(batOffset + pageStart, page, 0, page.length);
        VhdxLayout.le(page).putLong((int) (byteOffset - pageStart), value);
        writeThroughLog(List.of(new VhdxLog.Page(batOffset + pageStart, page)));
        bat[index] = value;
    }

    /**
     * Journals {@code pages} (§6.2.4, as qemu's writer): sync data; new LogGuid in both headers; write one entry at
     * the log start; sync; apply; sync; clear the LogGuid.
     */
    private void writeThroughLog(List<VhdxLog.Page> pages) throws IOException {
        file.sync();
        UUID logGuid = UUID.randomUUID();
        updateHeader(header.fileWriteGuid(), header.dataWriteGuid(), logGuid);
        long length = file.length();
        long flushed = length / VhdxLayout.MIB * VhdxLayout.MIB;
        long last = VhdxLayout.roundUp(length, VhdxLayout.MIB);
        byte[] entry = VhdxLog.encodeEntry(logGuid, 1, 0, flushed, last, pages);
        file.write(header.logOffset(), entry, 0, entry.length);
        file.sync();
        for (VhdxLog.Page p : pages) {
            file.write(p.fileOffset(), p.bytes(), 0, p.bytes().length);
        }
        file.sync();
        updateHeader(header.fileWriteGuid(), header.dataWriteGuid(), VhdxHeader.NIL);
    }

    /** Writes the header twice, each time over the non-current copy, syncing after each (MS-VHDX §2.2.2.1). */
    private void updateHeader(UUID fileWrite, UUID dataWrite, UUID logGuid) throws IOException {
        for (int i = 0; i < 2; i++) {
            VhdxHeader next = header.next(fileWrite, dataWrite, logGuid);
            long slot = headerSlot == VhdxLayout.HEADER1_OFFSET ? VhdxLayout.HEADER2_OFFSET
                    : VhdxLayout.HEADER1_OFFSET;
            file.write(slot, next.encode(), 0, VhdxLayout.HEADER_SIZE);
            file.sync();
            header = next;
            headerSlot = slot;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!readOnly) {
            file.sync();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
