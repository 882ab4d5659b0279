package org.hvref.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.hvref.disk.vhd.VhdCheck;
import org.hvref.disk.vhd.VhdDiskImage;
import org.hvref.disk.vhd.VhdFooter;
import org.hvref.disk.vhdx.VhdxCheck;
import org.hvref.disk.vhdx.VhdxCreateOptions;
import org.hvref.disk.vhdx.VhdxImage;

/**
 * Entry point for image files: {@link #probe} recognises the format from its signatures (raw when none matches),
 * {@link #open}, {@link #create} and {@link #check} dispatch on {@link DiskFormat} (one {@code switch} per
 * operation; a new format adds its case there).
 */
public final class DiskImages {
    /** The VHDX file type identifier at offset 0, ASCII "vhdxfile" (devices-net-storage-pci.md §6.2.1). */
    private static final byte[] VHDX_SIGNATURE = "vhdxfile".getBytes(StandardCharsets.US_ASCII);

    private DiskImages() {
    }

    /**
     * Recognises an image file: "vhdxfile" at 0 → VHDX; "conectix" in the last 512 bytes or at 0 → VHD; else raw.
     * (qemu probes a fixed VHD as raw; hvref recognises its footer.)
     *
     * @param path the file
     * @return its format
     * @throws IOException if the file cannot be read
     */
    public static DiskFormat probe(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = file.size();
            if (fileSize < VhdFooter.LENGTH) {
                return DiskFormat.RAW;
            }
            byte[] head = ImageFiles.read(file, 0, VhdFooter.LENGTH, "image start");
            if (Arrays.equals(head, 0, VHDX_SIGNATURE.length, VHDX_SIGNATURE, 0, VHDX_SIGNATURE.length)) {
                return DiskFormat.VHDX;
            }
            byte[] tail = ImageFiles.read(file, fileSize - VhdFooter.LENGTH, VhdFooter.LENGTH, "image end");
            if (VhdFooter.hasCookie(tail) || VhdFooter.hasCookie(head)) {
                return DiskFormat.VHD;
            }
            return DiskFormat.RAW;
        }
    }

    /**
     * Opens an image, probing its format.
     *
     * @param path     the file
     * @param readOnly whether writes are refused
     * @return the open image
     * @throws DamagedImageException if the file has a format's signature but is damaged
     * @throws IOException           if the file cannot be read
     */
    public static DiskImage open(Path path, boolean readOnly) throws IOException {
        return open(path, probe(path), readOnly);
    }

    /**
     * Opens an image of a known format.
     *
     * @param path     the file
     * @param format   its format
     * @param readOnly whether writes are refused
     * @return the open image
     * @throws DamagedImageException if the file is damaged
     * @throws IOException           if the file cannot be read
     */
    public static DiskImage open(Path path, DiskFormat format, boolean readOnly) throws IOException {
        return switch (format) {
            case RAW -> RawDiskImage.open(path, readOnly);
            case VHD -> VhdDiskImage.open(path, readOnly);
            case VHDX -> VhdxImage.open(path, readOnly);
        };
    }

    /**
     * Creates an image as qemu-img would ({@code qemu-img create -f FMT -o subformat=fixed|dynamic FILE SIZE}):
     * VHD sizes are rounded up to a CHS geometry as qemu does without {@code force_size}; raw ignores {@code fixed}.
     *
     * @param path   the new file (must not exist: {@link FileAlreadyExistsException} for every format)
     * @param format the format
     * @param size   the requested size in bytes, a multiple of 512
     * @param fixed  fully allocated rather than growing
     * @return the image, open for writing
     * @throws IOException if the file cannot be created
     */
    public static DiskImage create(Path path, DiskFormat format, long size, boolean fixed) throws IOException {
        return switch (format) {
            case RAW -> RawDiskImage.create(path, size);
            case VHD -> VhdDiskImage.create(path, size, fixed, false);
            case VHDX -> {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(path.toString());
                }
                VhdxImage.create(path, fixed ? VhdxCreateOptions.fixedSize(size) : VhdxCreateOptions.dynamic(size));
                yield VhdxImage.open(path, false);
            }
        };
    }

    /**
     * Checks an image's structure, listing every problem found ({@code qemu-img check}); raw images have no
     * structure and are always clean.
     *
     * @param path   the file
     * @param repair replay a dirty VHDX log (the only repair; it writes to the file)
     * @return the report
     * @throws IOException if the file cannot be read
     */
    public static ImageCheckReport check(Path path, boolean repair) throws IOException {
        DiskFormat format = probe(path);
        return switch (format) {
            case RAW -> new ImageCheckReport(DiskFormat.RAW, List.of(),
                    List.of("raw image: no metadata to check"), List.of());
            case VHD -> VhdCheck.check(path);
            case VHDX -> VhdxCheck.check(path, repair);
        };
    }
}
