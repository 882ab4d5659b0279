package org.hvref.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.disk.vhd.VhdDiskImage;
import org.hvref.disk.vhdx.VhdxCreateOptions;
import org.hvref.disk.vhdx.VhdxImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk create}: a new empty image laid out as {@code qemu-img create -f raw|vpc|vhdx
 * [-o subformat=fixed]} does (VHD sizes rounded up to a CHS geometry unless {@code --force-size}); an existing file
 * is refused.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an empty raw, VHD or VHDX image (like qemu-img create); refuses an existing file.")
public final class DiskCreateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "the new image file")
    Path image;

    @CommandLine.Option(names = {"-f", "--format"}, paramLabel = "FORMAT", required = true,
            description = "raw, vhd (qemu: vpc) or vhdx")
    String format;

    @CommandLine.Option(names = "--size", paramLabel = "N", required = true,
            description = "virtual size in bytes, suffixes K, M, G, T (powers of 1024), a multiple of 512")
    String size;

    @CommandLine.Option(names = "--fixed", description = "fully allocated (VHD, VHDX; qemu's subformat=fixed)")
    boolean fixed;

    @CommandLine.Option(names = "--force-size",
            description = "VHD: keep the exact size instead of rounding up to a CHS geometry (qemu's force_size=on)")
    boolean forceSize;

    @CommandLine.Option(names = "--block-size", paramLabel = "N",
            description = "VHDX block size (1M..256M, a power of two; default as qemu: 8M up to 1G, then 16M, 32M)")
    String blockSize;

    @Override
    public Integer call() {
        DiskFormat f = DiskImageAccess.format(format);
        long bytes = DiskImageAccess.parseSize(size, "size");
        if (bytes <= 0 || bytes % 512 != 0) {
            throw new CliException("size: " + bytes + " (expected: a positive multiple of 512)");
        }
        if (forceSize && f != DiskFormat.VHD) {
            throw new CliException("--force-size: format " + f.qemuName() + " (expected: vhd only)");
        }
        if (blockSize != null && f != DiskFormat.VHDX) {
            throw new CliException("--block-size: format " + f.qemuName() + " (expected: vhdx only)");
        }
        if (fixed && f == DiskFormat.RAW) {
            throw new CliException("--fixed: format raw (expected: vhd or vhdx; raw images have no subformat)");
        }
        if (Files.exists(image, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException("image: " + image + " exists (expected: a new file; hvref never overwrites)");
        }
        long virtual;
        try {
            virtual = create(f, bytes);
        } catch (IllegalArgumentException e) {
            deletePartial();
            throw new CliException(e.getMessage(), e);
        } catch (IOException e) {
            deletePartial();
            throw DiskImageAccess.failure(image, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Formatting '" + image + "', fmt=" + f.qemuName() + (f == DiskFormat.RAW ? ""
                : " subformat=" + (fixed ? "fixed" : "dynamic")) + " size=" + virtual);
        if (virtual != bytes) {
            out.println("(the size was rounded up from " + bytes + " to " + virtual
                    + " bytes, a whole VHD CHS geometry, as qemu-img does; --force-size keeps it exact)");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void deletePartial() {
        try {
            Files.deleteIfExists(image);
        } catch (IOException ignored) {
            // the error being reported matters more than a leftover file
        }
    }

    private long create(DiskFormat f, long bytes) throws IOException {
        if (f == DiskFormat.VHD) {
            try (VhdDiskImage d = VhdDiskImage.create(image, bytes, fixed, forceSize)) {
                return d.size();
            }
        }
        if (f == DiskFormat.VHDX && blockSize != null) {
            long block = DiskImageAccess.parseSize(blockSize, "block size");
            VhdxCreateOptions o = (fixed ? VhdxCreateOptions.fixedSize(bytes) : VhdxCreateOptions.dynamic(bytes))
                    .withBlockSize(block);
            VhdxImage.create(image, o);
            try (DiskImage d = VhdxImage.open(image, true)) {
                return d.size();
            }
        }
        try (DiskImage d = DiskImages.create(image, f, bytes, fixed)) {
            return d.size();
        }
    }
}
