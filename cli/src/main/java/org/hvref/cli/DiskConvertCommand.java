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
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk convert}: copies the virtual disk of SRC (format probed) into a new image DST of the given format,
 * like {@code qemu-img convert -O FMT}; all-zero 1 MiB chunks are not written, so a dynamic target stays sparse. A VHD
 * target may be a little larger than the source (CHS rounding, as qemu does); the extra bytes read as zeros.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Copy the virtual disk of SRC (format probed) into a new image DST (like qemu-img convert); "
                + "all-zero chunks are skipped, so growing targets stay sparse."})
public final class DiskConvertCommand implements Callable<Integer> {
    /** Bytes per copied chunk (a multiple of every sector size). */
    static final int CHUNK = 1 << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "SRC", description = "the source image")
    Path source;

    @CommandLine.Parameters(index = "1", paramLabel = "DST", description = "the new image (must not exist)")
    Path target;

    @CommandLine.Option(names = {"-f", "--format"}, paramLabel = "FORMAT", required = true,
            description = "target format: raw, vhd (qemu: vpc) or vhdx")
    String format;

    @CommandLine.Option(names = "--fixed", description = "fully allocated target (VHD, VHDX)")
    boolean fixed;

    @Override
    public Integer call() throws IOException {
        DiskFormat f = DiskImageAccess.format(format);
        if (fixed && f == DiskFormat.RAW) {
            throw new CliException("--fixed: format raw (expected: vhd or vhdx; raw images have no subformat)");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException("image: " + target + " exists (expected: a new file; hvref never overwrites)");
        }
        long copied = 0;
        long size;
        long targetSize;
        DiskFormat sourceFormat;
        try (DiskImage src = DiskImageAccess.open(source, true)) {
            size = src.size();
            sourceFormat = src.format();
            boolean done = false;
            try (DiskImage dst = DiskImages.create(target, f, size, fixed)) {
                targetSize = dst.size();
                byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(size, 512))];
                for (long at = 0; at < size; at += buffer.length) {
                    int n = (int) Math.min(buffer.length, size - at);
                    src.read(at, buffer, 0, n);
                    if (!allZero(buffer, n)) {
                        dst.write(at, buffer, 0, n);
                        copied += n;
                    }
                }
                dst.flush();
                done = true;
            } catch (IllegalArgumentException e) {
                throw new CliException("convert: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new CliException("convert to " + target + " (removed): "
                        + DiskImageAccess.failure(source, e).getMessage(), e);
            } finally {
                if (!done) {
                    Files.deleteIfExists(target);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("convert: " + source + " (" + sourceFormat.qemuName() + ", " + size + " bytes) -> " + target + " ("
                + f.qemuName() + (f == DiskFormat.RAW ? "" : fixed ? " fixed" : " dynamic") + ", " + targetSize
                + " bytes), " + copied + " bytes of data written, zero chunks skipped");
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
