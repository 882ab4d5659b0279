package org.hvref.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hvref.disk.DamagedImageException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.ImageCheckReport;
import org.hvref.disk.ImageFiles;

/**
 * Structural check of a VHD (devices-net-storage-pci.md §6.1.6): both footer copies (cookie, checksum, version,
 * type), the dynamic header, the BAT (entries inside the file, before the footer, not overlapping each other or the
 * metadata) and the sector bitmaps, listing every problem rather than stopping at the first; finally the image must
 * open as {@link VhdDiskImage#open} does, so a clean report means hvref can use the image.
 */
public final class VhdCheck {
    private VhdCheck() {
    }

    /**
     * Checks a VHD file (read-only).
     *
     * @param path the file
     * @return the report
     * @throws IOException if the file cannot be read
     */
    public static ImageCheckReport check(Path path) throws IOException {
        List<String> errors = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            check(file, errors, facts);
        }
        if (errors.isEmpty()) {
            try (VhdDiskImage image = VhdDiskImage.open(path, true)) {
                facts.add(0, (image.fixed() ? "fixed" : "dynamic") + " VHD, virtual size " + image.size());
            } catch (DamagedImageException e) {
                errors.add(e.getMessage());
            }
        }
        return new ImageCheckReport(DiskFormat.VHD, errors, facts, List.of());
    }

    private static void check(FileChannel file, List<String> errors, List<String> facts) throws IOException {
        long fileSize = file.size();
        if (fileSize < VhdFooter.LENGTH) {
            errors.add("vhd file: " + fileSize + " bytes (expected: >= 512)");
            return;
        }
        long tailPosition = fileSize - VhdFooter.LENGTH;
        byte[] tail = ImageFiles.read(file, tailPosition, VhdFooter.LENGTH, "vhd footer");
        byte[] head = ImageFiles.read(file, 0, VhdFooter.LENGTH, "vhd footer copy at 0");
        VhdFooter footer = decode(tail, "vhd footer at " + tailPosition, errors);
        if (footer == null) {
            if (VhdFooter.hasCookie(head) && decode(head, "vhd footer copy at 0", new ArrayList<>()) != null) {
                facts.add("the footer copy at 0 is valid (a dynamic disk's footer could be restored from it)");
            }
            return;
        }
        facts.add("Image end offset: " + fileSize);
        if (footer.diskType() == VhdFooter.TYPE_FIXED) {
            if (footer.currentSize() != tailPosition) {
                errors.add("vhd fixed disk: file of " + fileSize + " bytes (expected: current size "
                        + footer.currentSize() + " + 512-byte footer)");
            }
            return;
        }
        if (footer.diskType() != VhdFooter.TYPE_DYNAMIC) {
            errors.add("vhd footer at " + tailPosition + ": disk type " + footer.diskType()
                    + (footer.diskType() == VhdFooter.TYPE_DIFFERENCING ? " differencing (unsupported)" : "")
                    + " (expected: 2 fixed or 3 dynamic)");
            return;
        }
        VhdFooter copy = decode(head, "vhd footer copy at 0", errors);
        if (copy != null && !Arrays.equals(head, tail)) {
            errors.add("vhd footer copy at 0: differs from the footer at " + tailPosition + " (expected: identical)");
        }
        long headerOffset = footer.dataOffset();
        if (headerOffset < VhdFooter.LENGTH || headerOffset > tailPosition - VhdDynamicHeader.LENGTH) {
            errors.add("vhd footer: dynamic header offset " + headerOffset + " (expected: in [512, "
                    + (tailPosition - VhdDynamicHeader.LENGTH) + "])");
            return;
        }
        VhdDynamicHeader header;
        try {
            header = VhdDynamicHeader.decode(
                    ImageFiles.read(file, headerOffset, VhdDynamicHeader.LENGTH, "vhd dynamic header"));
        } catch (DamagedImageException e) {
            errors.add(e.getMessage());
            return;
        }
        long entries = header.entries();
        long tableOffset = header.tableOffset();
        if (entries > Integer.MAX_VALUE / 4 || tableOffset < 0 || entries > tailPosition / 4
                || tableOffset > tailPosition - 4 * entries) {
            errors.add("vhd bat: " + entries + " entries at " + tableOffset + " (expected: inside the file of "
                    + fileSize + " bytes)");
            return;
        }
        long size = footer.virtualSize();
        long used = (size + header.blockSize() - 1) / header.blockSize();
        if (entries < used) {
            errors.add("vhd bat: " + entries + " entries of " + header.blockSize() + " bytes (expected: >= " + used
                    + " entries for size " + size + ")");
        }
        ByteBuffer table = ByteBuffer.wrap(ImageFiles.read(file, tableOffset, (int) (4 * entries), "vhd bat"))
                .order(ByteOrder.BIG_ENDIAN);
        List<long[]> extents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        add(extents, names, "footer copy", 0, VhdFooter.LENGTH);
        add(extents, names, "dynamic header", headerOffset, headerOffset + VhdDynamicHeader.LENGTH);
        add(extents, names, "bat", tableOffset, tableOffset + 4 * entries);
        add(extents, names, "footer", tailPosition, fileSize);
        long blockBytes = header.bitmapSize() + (long) header.blockSize();
        int allocated = 0;
        int emptyBitmaps = 0;
        for (int i = 0; i < entries; i++) {
            int entry = table.getInt(4 * i);
            if (entry == VhdDiskImage.UNALLOCATED) {
                continue;
            }
            long start = Integer.toUnsignedLong(entry) * VhdDiskImage.SECTOR_SIZE;
            if (start + blockBytes > tailPosition) {
                errors.add("vhd bat entry " + i + ": block [" + start + ", " + (start + blockBytes)
                        + ") (expected: before the footer at " + tailPosition + ")");
                continue;
            }
            if (i >= used) {
                errors.add("vhd bat entry " + i + ": allocated (expected: unallocated beyond the " + used
                        + " blocks of a " + size + "-byte disk)");
                continue;
            }
            allocated++;
            add(extents, names, "block " + i, start, start + blockBytes);
            byte[] bitmap = ImageFiles.read(file, start, header.bitmapSize(), "vhd bitmap " + i);
            if (allZero(bitmap)) {
                emptyBitmaps++;
            }
        }
        Integer[] order = new Integer[extents.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> extents.get(i)[0]));
        int reach = -1;
        for (int i : order) {
            if (reach >= 0 && extents.get(i)[0] < extents.get(reach)[1]) {
                errors.add("vhd layout: " + describe(names, extents, i) + " overlaps " + describe(names, extents, reach)
                        + " (expected: disjoint)");
            }
            if (reach < 0 || extents.get(i)[1] > extents.get(reach)[1]) {
                reach = i;
            }
        }
        facts.add(allocated + "/" + used + " = " + String.format("%.2f", used == 0 ? 0.0 : 100.0 * allocated / used)
                + "% allocated blocks of " + header.blockSize() + " bytes" + (emptyBitmaps > 0 ? ", " + emptyBitmaps
                + " with an empty sector bitmap (discarded, still allocated)" : ""));
    }

    private static VhdFooter decode(byte[] bytes, String where, List<String> errors) {
        try {
            return VhdFooter.decode(bytes, where);
        } catch (DamagedImageException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private static void add(List<long[]> extents, List<String> names, String name, long start, long end) {
        extents.add(new long[] {start, end});
        names.add(name);
    }

    private static String describe(List<String> names, List<long[]> extents, int i) {
        return names.get(i) + " [" + extents.get(i)[0] + ", " + extents.get(i)[1] + ")";
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
