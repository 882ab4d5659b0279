package org.hvref.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hvref.disk.DamagedImageException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.ImageFiles;

/**
 * A VHD image, fixed or dynamic (devices-net-storage-pci.md §6.1). Opening validates every structure and the file
 * layout (footer copies, dynamic header, BAT entries inside the file and not overlapping); damage is a
 * {@link DamagedImageException}. Dynamic writes allocate a block at the end of the data: the footer is first
 * written at the new end of file, then the data, the sector bitmap (bits set for the written sectors only) and last
 * the BAT entry, so a crash leaves at worst an orphan block. Reads honour the sector bitmaps (clear bit = zeros).
 * {@link #discard} zeroes data and clears bitmap bits but never frees a block. Differencing disks are rejected.
 */
public final class VhdDiskImage implements DiskImage {
    /** VHD sectors are 512 bytes (§6.1.3). */
    public static final int SECTOR_SIZE = 512;
    /** A BAT entry of an unallocated block (§6.1.3). */
    public static final int UNALLOCATED = 0xFFFF_FFFF;
    /** Byte offset of the dynamic header in images hvref and qemu create (§6.1.4). */
    public static final long DYNAMIC_HEADER_OFFSET = 512;
    /** Byte offset of the BAT in images hvref and qemu create (§6.1.4). */
    public static final long BAT_OFFSET = 1536;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FileChannel file;
    private final boolean readOnly;
    private final VhdFooter footer;
    private final byte[] footerBytes;
    private final long size;
    /** Dynamic disks only; null for fixed. */
    private final VhdDynamicHeader header;
    private final int[] bat;
    /** Where the trailing footer sits = end of the data; new blocks go here. */
    private long footerPosition;

    private VhdDiskImage(FileChannel file, boolean readOnly, VhdFooter footer, byte[] footerBytes, long size,
            VhdDynamicHeader header, int[] bat, long footerPosition) {
        this.file = file;
        this.readOnly = readOnly;
        this.footer = footer;
        this.footerBytes = footerBytes;
        this.size = size;
        this.header = header;
        this.bat = bat;
        this.footerPosition = footerPosition;
    }

    /**
     * Opens and validates a VHD image.
     *
     * @param path     the file
     * @param readOnly whether writes are refused
     * @return the image
     * @throws DamagedImageException if the image is not a valid fixed or dynamic VHD
     * @throws IOException           if the file cannot be read
     */
    public static VhdDiskImage open(Path path, boolean readOnly) throws IOException {
        FileChannel file = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return open(file, readOnly);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static VhdDiskImage open(FileChannel file, boolean readOnly) throws IOException {
        long fileSize = file.size();
        if (fileSize < VhdFooter.LENGTH) {
            throw new DamagedImageException("vhd file: " + fileSize + " bytes (expected: >= 512)");
        }
        long tailPosition = fileSize - VhdFooter.LENGTH;
        byte[] tail = ImageFiles.read(file, tailPosition, VhdFooter.LENGTH, "vhd footer");
        VhdFooter footer = VhdFooter.decode(tail, "vhd footer at " + tailPosition);
        if (footer.diskType() == VhdFooter.TYPE_DYNAMIC) {
            byte[] head = ImageFiles.read(file, 0, VhdFooter.LENGTH, "vhd footer copy at 0");
            VhdFooter.decode(head, "vhd footer copy at 0");
            if (tailPosition == 0 || !Arrays.equals(head, tail)) {
                throw new DamagedImageException("vhd footer copy at 0: differs from the footer at " + tailPosition
                        + " (expected: identical)");
            }
            return openDynamic(file, readOnly, footer, tail, fileSize);
        }
        if (footer.diskType() != VhdFooter.TYPE_FIXED) {
            throw new DamagedImageException("vhd footer at " + tailPosition + ": disk type " + footer.diskType()
                    + " (expected: 2 fixed or 3 dynamic)");
        }
        long current = footer.currentSize();
        if (current != tailPosition) {
            throw new DamagedImageException("vhd fixed disk: file of " + fileSize + " bytes (expected: current size "
                    + current + " + 512-byte footer)");
        }
        long size = checkedSize(footer, current);
        return new VhdDiskImage(file, readOnly, footer, tail, size, null, null, tailPosition);
    }

    private static long checkedSize(VhdFooter footer, long available) throws DamagedImageException {
        long size = footer.virtualSize();
        if (size < 0 || size % SECTOR_SIZE != 0 || size > VhdFooter.MAX_SIZE) {
            throw new DamagedImageException("vhd footer: size " + size + " (expected: a multiple of 512, <= "
                    + VhdFooter.MAX_SIZE + ")");
        }
        if (size > available) {
            throw new DamagedImageException("vhd footer: size " + size + " (geometry " + footer.geometry()
                    + ", current size " + footer.currentSize() + ") (expected: <= " + available + ")");
        }
        return size;
    }

    /** A byte range of the file that belongs to one structure. */
    private record Extent(String what, long start, long end) {
        @Override
        public String toString() {
            return what + " [" + start + ", " + end + ")";
        }
    }

    private static VhdDiskImage openDynamic(FileChannel file, boolean readOnly, VhdFooter footer, byte[] footerBytes,
            long fileSize) throws IOException {
        long tailPosition = fileSize - VhdFooter.LENGTH;
        long headerOffset = footer.dataOffset();
        if (headerOffset < VhdFooter.LENGTH || headerOffset > tailPosition - VhdDynamicHeader.LENGTH) {
            throw new DamagedImageException("vhd footer: dynamic header offset " + headerOffset + " (expected: in [512, "
                    + (tailPosition - VhdDynamicHeader.LENGTH) + "])");
        }
        VhdDynamicHeader header = VhdDynamicHeader.decode(
                ImageFiles.read(file, headerOffset, VhdDynamicHeader.LENGTH, "vhd dynamic header"));
        long entries = header.entries();
        long tableOffset = header.tableOffset();
        if (entries > Integer.MAX_VALUE / 4) {
            throw new DamagedImageException("vhd dynamic header: " + entries + " bat entries (expected: <= "
                    + Integer.MAX_VALUE / 4 + ")");
        }
        if (tableOffset < 0 || entries > tailPosition / 4 || tableOffset > tailPosition - 4 * entries) {
            throw new DamagedImageException("vhd bat: " + entries + " entries at " + tableOffset
                    + " (expected: inside the file of " + fileSize + " bytes)");
        }
        long size = checkedSize(footer, footer.currentSize());
        if (entries * header.blockSize() < size) {
            throw new DamagedImageException("vhd bat: " + entries + " entries of " + header.blockSize()
                    + " bytes (expected: >= " + ((size + header.blockSize() - 1) / header.blockSize())
                    + " entries for size " + size + ")");
        }
        int used = (int) ((size + header.blockSize() - 1) / header.blockSize());
        byte[] raw = ImageFiles.read(file, tableOffset, (int) (4 * entries), "vhd bat");
        ByteBuffer table = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        int[] bat = new int[used];
        List<Extent> extents = new ArrayList<>();
        extents.add(new Extent("footer copy", 0, VhdFooter.LENGTH));
        extents.add(new Extent("dynamic header", headerOffset, headerOffset + VhdDynamicHeader.LENGTH));
        extents.add(new Extent("bat", tableOffset, tableOffset + 4 * entries));
        extents.add(new Extent("footer", tailPosition, fileSize));
        long blockBytes = header.bitmapSize() + (long) header.blockSize();
        for (int i = 0; i < entries; i++) {
            int entry = table.getInt(4 * i);
            if (entry == UNALLOCATED) {
                if (i < used) {
                    bat[i] = UNALLOCATED;
                }
                continue;
            }
            long start = Integer.toUnsignedLong(entry) * SECTOR_SIZE;
            if (start + blockBytes > tailPosition) {
                throw new DamagedImageException("vhd bat entry " + i + ": block [" + start + ", "
                        + (start + blockBytes) + ") (expected: before the footer at " + tailPosition + ")");
            }
            if (i >= used) {
                throw new DamagedImageException("vhd bat entry " + i + ": allocated (expected: unallocated beyond the "
                        + used + " blocks of a " + size + "-byte disk)");
            }
            bat[i] = entry;
            extents.add(new Extent("block " + i, start, start + blockBytes));
        }
        extents.sort(Comparator.comparingLong(Extent::start));
        for (int i = 1; i < extents.size(); i++) {
            Extent previous = extents.get(i - 1);
            Extent next = extents.get(i);
            if (next.start() < previous.end()) {
                throw new DamagedImageException("vhd layout: " + next + " overlaps " + previous
                        + " (expected: disjoint)");
            }
        }
        return new VhdDiskImage(file, readOnly, footer, footerBytes, size, header, bat, tailPosition);
    }

    /**
     * Creates a VHD as {@code qemu-img create -f vpc -o subformat=fixed|dynamic[,force_size=on]} does
     * (devices-net-storage-pci.md §6.1.4, §6.1.5; toolchain-and-oracles.md): without {@code forceSize} the size is
     * rounded up to the next CHS product (creator "qemu"), unless that needs the maximum geometry; with it the size
     * is exact, the geometry the maximum and the creator "qem2". The creator codes are qemu's on purpose: they tell
     * every reader (old and new qemu, §6.1.5) which of the two size fields to trust. Dynamic images have 2 MiB blocks
     * and no block allocated.
     *
     * @param path      the new file (must not exist)
     * @param size      the requested size in bytes, a multiple of 512, at most 2040 GiB
     * @param fixed     fixed (raw data + footer) rather than dynamic
     * @param forceSize keep the exact size (qemu's {@code force_size=on})
     * @return the image, open for writing
     * @throws IOException if the file cannot be created
     */
    public static VhdDiskImage create(Path path, long size, boolean fixed, boolean forceSize) throws IOException {
        VhdFooter footer = newFooter(size, fixed, forceSize);
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            byte[] footerBytes = footer.encode();
            if (fixed) {
                ImageFiles.write(file, footer.currentSize(), footerBytes, 0, footerBytes.length);
            } else {
                long entries = (footer.currentSize() + VhdDynamicHeader.DEFAULT_BLOCK_SIZE - 1)
                        / VhdDynamicHeader.DEFAULT_BLOCK_SIZE;
                VhdDynamicHeader header = new VhdDynamicHeader(BAT_OFFSET, (int) entries,
                        VhdDynamicHeader.DEFAULT_BLOCK_SIZE);
                byte[] batBytes = new byte[(int) ((4 * entries + 511) / 512 * 512)];
                Arrays.fill(batBytes, (byte) 0xFF);
                byte[] headerBytes = header.encode();
                ImageFiles.write(file, 0, footerBytes, 0, footerBytes.length);
                ImageFiles.write(file, DYNAMIC_HEADER_OFFSET, headerBytes, 0, headerBytes.length);
                ImageFiles.write(file, BAT_OFFSET, batBytes, 0, batBytes.length);
                ImageFiles.write(file, BAT_OFFSET + batBytes.length, footerBytes, 0, footerBytes.length);
            }
            file.force(true);
            return open(file, false);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * The footer {@link #create} writes (timestamp now, random unique id).
     *
     * @param size      requested size in bytes
     * @param fixed     fixed or dynamic
     * @param forceSize exact size
     * @return the footer
     */
    static VhdFooter newFooter(long size, boolean fixed, boolean forceSize) {
        if (size <= 0 || size % SECTOR_SIZE != 0 || size > VhdFooter.MAX_SIZE) {
            throw new IllegalArgumentException("vhd size: " + size + " (expected: a multiple of 512 in (0, "
                    + VhdFooter.MAX_SIZE + "])");
        }
        VhdGeometry geometry = forceSize ? VhdGeometry.MAX : VhdGeometry.roundUp(size / SECTOR_SIZE);
        long actual = geometry.equals(VhdGeometry.MAX) ? size : geometry.sectors() * SECTOR_SIZE;
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        id[6] = (byte) (id[6] & 0x0F | 0x40);
        id[8] = (byte) (id[8] & 0x3F | 0x80);
        int timestamp = (int) (System.currentTimeMillis() / 1000 - VhdFooter.VHD_EPOCH_UNIX_SECONDS);
        return new VhdFooter(VhdFooter.FEATURES_RESERVED, fixed ? VhdFooter.NO_DATA_OFFSET : DYNAMIC_HEADER_OFFSET,
                timestamp, forceSize ? VhdFooter.CREATOR_QEMU_FORCE_SIZE : VhdFooter.CREATOR_QEMU,
                VhdFooter.CREATOR_VERSION_QEMU, VhdFooter.HOST_OS_WINDOWS, actual, actual, geometry,
                fixed ? VhdFooter.TYPE_FIXED : VhdFooter.TYPE_DYNAMIC, id, 0);
    }

    /** @return the footer read at open (or written at create) */
    public VhdFooter footer() {
        return footer;
    }

    /** @return whether this is a fixed disk (else dynamic) */
    public boolean fixed() {
        return header == null;
    }

    /** @return the block size of a dynamic disk, or 0 for a fixed one */
    public int blockSize() {
        return header == null ? 0 : header.blockSize();
    }

    /**
     * @param block block index
     * @return whether a dynamic disk's block has data in the file (fixed disks: always)
     */
    public synchronized boolean allocated(int block) {
        return header == null || bat[block] != UNALLOCATED;
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.VHD;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int logicalSectorSize() {
        return SECTOR_SIZE;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public synchronized void read(long offset, byte[] dst, int dstOff, int length) throws IOException {
        ImageFiles.checkRange(this, offset, dst.length, dstOff, length);
        if (header == null) {
            ImageFiles.read(file, offset, dst, dstOff, length, "vhd data");
            return;
        }
        int blockSize = header.blockSize();
        long at = offset;
        int pos = dstOff;
        int left = length;
        while (left > 0) {
            int block = (int) (at / blockSize);
            int inBlock = (int) (at % blockSize);
            int n = Math.min(left, blockSize - inBlock);
            if (bat[block] == UNALLOCATED) {
                Arrays.fill(dst, pos, pos + n, (byte) 0);
            } else {
                long start = blockStart(block);
                ImageFiles.read(file, start + header.bitmapSize() + inBlock, dst, pos, n, "vhd block " + block);
                byte[] bitmap = ImageFiles.read(file, start, header.bitmapSize(), "vhd bitmap " + block);
                for (int s = 0; s < n / SECTOR_SIZE; s++) {
                    if (!bitSet(bitmap, inBlock / SECTOR_SIZE + s)) {
                        Arrays.fill(dst, pos + s * SECTOR_SIZE, pos + (s + 1) * SECTOR_SIZE, (byte) 0);
                    }
                }
            }
            at += n;
            pos += n;
            left -= n;
        }
    }

    @Override
    public synchronized void write(long offset, byte[] src, int srcOff, int length) throws IOException {
        ImageFiles.checkRange(this, offset, src.length, srcOff, length);
        if (readOnly) {
            throw new IOException("vhd image: opened read-only");
        }
        if (header == null) {
            ImageFiles.write(file, offset, src, srcOff, length);
            return;
        }
        int blockSize = header.blockSize();
        long at = offset;
        int pos = srcOff;
        int left = length;
        while (left > 0) {
            int block = (int) (at / blockSize);
            int inBlock = (int) (at % blockSize);
            int n = Math.min(left, blockSize - inBlock);
            if (bat[block] == UNALLOCATED) {
                allocateAndWrite(block, inBlock, src, pos, n);
            } else {
                long start = blockStart(block);
                ImageFiles.write(file, start + header.bitmapSize() + inBlock, src, pos, n);
                byte[] bitmap = ImageFiles.read(file, start, header.bitmapSize(), "vhd bitmap " + block);
                if (setBits(bitmap, inBlock / SECTOR_SIZE, n / SECTOR_SIZE)) {
                    ImageFiles.write(file, start, bitmap, 0, bitmap.length);
                }
            }
            at += n;
            pos += n;
            left -= n;
        }
    }

    /**
     * Discards a range. Fixed disks: the bytes are zeroed. Dynamic disks: in every allocated block the range touches,
     * the data of the covered sectors is zeroed first (qemu ignores sector bitmaps on read, §6.1.5) and then their
     * bitmap bits are cleared, so both hvref and qemu read zeros and a crash in between leaves zeros or old data per
     * sector. A block whose bitmap becomes empty stays allocated (its BAT entry and file space are kept; qemu's vpc
     * driver cannot release blocks either); unallocated blocks already read as zeros and are left alone.
     */
    @Override
    public synchronized void discard(long offset, long length) throws IOException {
        ImageFiles.checkDiscard(this, offset, length);
        if (header == null) {
            ImageFiles.zero(file, offset, length);
            return;
        }
        int blockSize = header.blockSize();
        long at = offset;
        long left = length;
        while (left > 0) {
            int block = (int) (at / blockSize);
            int inBlock = (int) (at % blockSize);
            int n = (int) Math.min(left, blockSize - inBlock);
            if (bat[block] != UNALLOCATED) {
                long start = blockStart(block);
                ImageFiles.zero(file, start + header.bitmapSize() + inBlock, n);
                byte[] bitmap = ImageFiles.read(file, start, header.bitmapSize(), "vhd bitmap " + block);
                if (clearBits(bitmap, inBlock / SECTOR_SIZE, n / SECTOR_SIZE)) {
                    ImageFiles.write(file, start, bitmap, 0, bitmap.length);
                }
            }
            at += n;
            left -= n;
        }
    }

    /**
     * @param block block index of a dynamic disk
     * @return a copy of the block's sector bitmap (all zero for an unallocated block)
     * @throws IOException if it cannot be read
     */
    public synchronized byte[] sectorBitmap(int block) throws IOException {
        if (header == null) {
            throw new IllegalStateException("vhd: a fixed disk has no sector bitmaps");
        }
        if (bat[block] == UNALLOCATED) {
            return new byte[header.bitmapSize()];
        }
        return ImageFiles.read(file, blockStart(block), header.bitmapSize(), "vhd bitmap " + block);
    }

    /** Allocates {@code block} at the end of the data (§6.1.4, order: footer, data, bitmap, BAT entry). */
    private void allocateAndWrite(int block, int inBlock, byte[] src, int pos, int n) throws IOException {
        long start = footerPosition;
        long newFooterPosition = start + header.bitmapSize() + header.blockSize();
        if (start / SECTOR_SIZE >= Integer.toUnsignedLong(UNALLOCATED)) {
            throw new IOException("vhd file: block at byte " + start + " (expected: < 2 TiB, the BAT's reach)");
        }
        ImageFiles.write(file, newFooterPosition, footerBytes, 0, footerBytes.length);
        ImageFiles.write(file, start + header.bitmapSize() + inBlock, src, pos, n);
        byte[] bitmap = new byte[header.bitmapSize()];
        setBits(bitmap, inBlock / SECTOR_SIZE, n / SECTOR_SIZE);
        ImageFiles.write(file, start, bitmap, 0, bitmap.length);
        int entry = (int) (start / SECTOR_SIZE);
        byte[] entryBytes = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(entry).array();
        ImageFiles.write(file, header.tableOffset() + 4L * block, entryBytes, 0, 4);
        bat[block] = entry;
        footerPosition = newFooterPosition;
    }

    private long blockStart(int block) {
        return Integer.toUnsignedLong(bat[block]) * SECTOR_SIZE;
    }

    /** Bit order MSB-first: sector 0 of a block is bit 0x80 of byte 0 (§6.1.3; XEN-LIBVHD {@code test_bit}). */
    private static boolean bitSet(byte[] bitmap, int sector) {
        return (bitmap[sector >>> 3] & 0x80 >>> (sector & 7)) != 0;
    }

    private static boolean setBits(byte[] bitmap, int first, int count) {
        boolean changed = false;
        for (int s = first; s < first + count; s++) {
            int mask = 0x80 >>> (s & 7);
            if ((bitmap[s >>> 3] & mask) == 0) {
                bitmap[s >>> 3] |= (byte) mask;
                changed = true;
            }
        }
        return changed;
    }

    private static boolean clearBits(byte[] bitmap, int first, int count) {
        boolean changed = false;
        for (int s = first; s < first + count; s++) {
            int mask = 0x80 >>> (s & 7);
            if ((bitmap[s >>> 3] & mask) != 0) {
                bitmap[s >>> 3] &= (byte) ~mask;
                changed = true;
            }
        }
        return changed;
    }

    @Override
    public synchronized void flush() throws IOException {
        file.force(true);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
