package org.hvref.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.storage.protocol.StorvscDeviceClass;

/**
 * The demo's two disks: dynamic VHDX images (created with {@link DiskImages#create}, qemu-img's defaults) for a SCSI
 * and an IDE controller, the blocks the guest writes to each (a seed-derived plan of multi-block patterns at scattered
 * LBAs), and the checks once the images are closed: hvref re-opens each image read-only and reads every written
 * block back (and the sector on either side of it, which must still read as zeros), then {@link QemuImgCheck} runs.
 * The images live in a temporary directory deleted afterwards, or in a directory the user names (kept).
 */
final class DemoDisks implements AutoCloseable {
    /** Bytes in a MiB. */
    static final long MIB = 1024 * 1024;
    /** Sector size of the images (qemu-img's VHDX default). */
    static final int SECTOR = 512;
    /** Pattern sizes the guest writes to each disk, in this order: 4 KiB, 64 KiB, 1 MiB. */
    static final int[] PATTERN_BYTES = {4096, 64 * 1024, 1024 * 1024};

    /**
     * One disk of the demo.
     *
     * @param controller the controller it hangs on
     * @param fileName   its image file's name
     * @param size       its virtual size in bytes
     */
    record Disk(StorvscDeviceClass controller, String fileName, long size) {
        /** @return its size in sectors */
        long sectors() {
            return size / SECTOR;
        }

        /** @return e.g. {@code scsi.vhdx (64 MiB dynamic VHDX)} */
        String describe() {
            return fileName + " (" + size / MIB + " MiB dynamic VHDX)";
        }
    }

    /** The SCSI controller's LUN 0. */
    static final Disk SCSI = new Disk(StorvscDeviceClass.SCSI, "scsi.vhdx", 64 * MIB);
    /** The IDE controller's disk. */
    static final Disk IDE = new Disk(StorvscDeviceClass.IDE, "ide.vhdx", 32 * MIB);
    /** Both, in the order the demo uses them. */
    static final List<Disk> DISKS = List.of(SCSI, IDE);

    /**
     * One write of the plan.
     *
     * @param lba  first sector
     * @param data the bytes (a multiple of {@link #SECTOR})
     */
    record Write(long lba, byte[] data) {
        /** @return sectors written */
        long sectors() {
            return data.length / SECTOR;
        }

        /** @return the byte offset on the disk */
        long offset() {
            return lba * SECTOR;
        }

        /** @return e.g. {@code 64 KiB at LBA 40960} */
        String describe() {
            return size(data.length) + " at LBA " + lba;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w && w.lba == lba && Arrays.equals(w.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(lba) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * What hvref read back from a closed image.
     *
     * @param writes     writes checked
     * @param bytes      bytes compared
     * @param mismatches one line per write whose bytes differ, or whose neighbour sector is not zero
     */
    record ReadBack(int writes, long bytes, List<String> mismatches) {
        /** @return whether every written block read back as written */
        boolean ok() {
            return mismatches.isEmpty();
        }

        /** @return one line for the report */
        String line() {
            return "hvref re-read " + writes + " writes (" + bytes + " bytes) read-only: " + (ok()
                    ? "every block as written, the sectors around them zero" : "DIFFERENT: "
                    + String.join("; ", mismatches));
        }
    }

    /**
     * A closed image after both checks.
     *
     * @param disk      the disk
     * @param fileBytes the image file's size on the host
     * @param readBack  hvref's read-back of every write
     * @param qemu      qemu-img's verdict
     */
    record Checked(Disk disk, long fileBytes, ReadBack readBack, QemuImgCheck.Verdict qemu) {
        /** @return whether hvref read every block back and qemu-img found no errors (or was not there to ask) */
        boolean ok() {
            return readBack.ok() && !qemu.failed();
        }
    }

    private final Path dir;
    private final boolean keep;

    private DemoDisks(Path dir, boolean keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /**
     * Creates both images.
     *
     * @param keepIn a directory to create them in and keep them (created if missing), or {@code null} for a
     *               temporary directory deleted on {@link #close}
     * @return the disks
     * @throws CliException if an image already exists in {@code keepIn}, or the directory or the images cannot be
     *                      created
     */
    static DemoDisks create(Path keepIn) {
        Path dir;
        try {
            dir = keepIn == null ? Files.createTempDirectory("hvref-demo-disks-") : Files.createDirectories(keepIn);
        } catch (IOException e) {
            throw new CliException("disk dir: " + keepIn + ": " + e.getMessage()
                    + " (expected: a directory hvref can create files in)", e);
        }
        for (Disk d : DISKS) {
            if (Files.exists(dir.resolve(d.fileName()))) {
                throw new CliException("disk dir: " + dir.resolve(d.fileName()) + " exists (expected: a directory "
                        + "without " + SCSI.fileName() + " and " + IDE.fileName() + ")");
            }
        }
        DemoDisks disks = new DemoDisks(dir, keepIn != null);
        try {
            for (Disk d : DISKS) {
                try (DiskImage image = DiskImages.create(disks.path(d), DiskFormat.VHDX, d.size(), false)) {
                    if (image.logicalSectorSize() != SECTOR || image.size() != d.size()) {
                        throw new IllegalStateException(d.fileName() + ": " + image.size() + " bytes of "
                                + image.logicalSectorSize() + "-byte sectors (expected: " + d.size() + " of " + SECTOR
                                + ")");
                    }
                }
            }
        } catch (IOException e) {
            disks.close();
            throw new CliException("disk dir: " + dir + ": cannot create the images: " + e.getMessage(), e);
        }
        return disks;
    }

    /** @return the directory holding the images */
    Path dir() {
        return dir;
    }

    /** @return whether the images stay after {@link #close} */
    boolean kept() {
        return keep;
    }

    /**
     * @param d a disk
     * @return its image file
     */
    Path path(Disk d) {
        return dir.resolve(d.fileName());
    }

    /**
     * Opens a disk's image for the host's SCSI target.
     *
     * @param d a disk
     * @return the image, writable
     * @throws IOException if it cannot be opened
     */
    DiskImage open(Disk d) throws IOException {
        return DiskImages.open(path(d), DiskFormat.VHDX, false);
    }

    /**
     * The writes the guest makes to a disk: one pattern of each of {@link #PATTERN_BYTES}, the i-th at a
     * seed-chosen 4 KiB-aligned LBA inside the i-th third of the disk (so they are scattered and never overlap or
     * touch), with seed-derived bytes.
     *
     * @param d    the disk
     * @param seed the demo's seed
     * @return the writes, in order
     */
    static List<Write> plan(Disk d, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + d.controller().ordinal());
        long third = d.sectors() / PATTERN_BYTES.length;
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < PATTERN_BYTES.length; i++) {
            long sectors = PATTERN_BYTES[i] / SECTOR;
            // at least one free sector on each side inside the third, 8-sector (4 KiB) aligned
            long slots = (third - sectors - 2) / 8;
            long base = (i * third + 7) / 8 * 8 + 8;
            long lba = base + random.nextLong(slots - 1) * 8;
            byte[] data = new byte[PATTERN_BYTES[i]];
            random.nextBytes(data);
            writes.add(new Write(lba, data));
        }
        return List.copyOf(writes);
    }

    /**
     * Re-opens a closed image read-only and reads back every write of {@code writes}, and the sector before and
     * after each, which no write touched and must read as zeros.
     *
     * @param d      the disk
     * @param writes what the guest wrote
     * @return what was found
     */
    ReadBack readBack(Disk d, List<Write> writes) {
        return readBack(path(d), writes);
    }

    /**
     * Checks a closed image: hvref's read-back of {@code writes}, then qemu-img check.
     *
     * @param d      the disk
     * @param writes what the guest wrote
     * @param qemu   the qemu-img to ask
     * @return both verdicts
     */
    Checked check(Disk d, List<Write> writes, QemuImgCheck qemu) {
        ReadBack back = readBack(d, writes);
        long fileBytes;
        try {
            fileBytes = Files.size(path(d));
        } catch (IOException e) {
            fileBytes = -1;
        }
        return new Checked(d, fileBytes, back, qemu.check(path(d), DiskFormat.VHDX));
    }

    /**
     * @param image  a closed VHDX image
     * @param writes what was written to it
     * @return what was found
     */
    static ReadBack readBack(Path image, List<Write> writes) {
        List<String> mismatches = new ArrayList<>();
        long bytes = 0;
        try (DiskImage disk = DiskImages.open(image, DiskFormat.VHDX, true)) {
            byte[] zeros = new byte[SECTOR];
            byte[] sector = new byte[SECTOR];
            for (Write w : writes) {
                byte[] back = new byte[w.data().length];
                disk.read(w.offset(), back, 0, back.length);
                bytes += back.length;
                if (!Arrays.equals(back, w.data())) {
                    int at = Arrays.mismatch(back, w.data());
                    mismatches.add(w.describe() + ": byte " + at + " reads 0x" + HexFormat.of().toHexDigits(back[at])
                            + " (expected: 0x" + HexFormat.of().toHexDigits(w.data()[at]) + ")");
                }
                for (long lba : new long[] {w.lba() - 1, w.lba() + w.sectors()}) {
                    if (lba >= 0 && lba * SECTOR < disk.size()) {
                        disk.read(lba * SECTOR, sector, 0, SECTOR);
                        if (!Arrays.equals(sector, zeros)) {
                            mismatches.add("LBA " + lba + " next to " + w.describe() + ": not zero (expected: "
                                    + "untouched)");
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            mismatches.add(image.getFileName() + ": " + e.getMessage());
        }
        return new ReadBack(writes.size(), bytes, List.copyOf(mismatches));
    }

    /** @return the SHA-256 of {@code bytes} in hex */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** @return e.g. {@code 4 KiB}, {@code 1 MiB}, {@code 1536 bytes} */
    static String size(long bytes) {
        if (bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    /** Deletes the temporary directory and its images (a directory the user named is kept). */
    @Override
    public void close() {
        if (keep) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: the OS cleans it up eventually
        }
    }
}
