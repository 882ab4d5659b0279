package org.hvref.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hvref.disk.DiskImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk discard}: {@link DiskImage#discard} on a sector-aligned range, as SCSI UNMAP does and like
 * {@code qemu-io -c "discard OFFSET LENGTH"}; afterwards the range reads as zeros (whole VHDX blocks go to state
 * ZERO, VHD sector bitmaps are cleared, raw and fixed images are zeroed).
 */
@Command(name = "discard", mixinStandardHelpOptions = true,
        description = "Discard (unmap) LENGTH bytes at OFFSET, both multiples of the logical sector size; the range "
                + "then reads as zeros.")
public final class DiskDiscardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @CommandLine.Parameters(index = "1", paramLabel = "OFFSET", description = "byte offset (suffixes K, M, G, T)")
    String offset;

    @CommandLine.Parameters(index = "2", paramLabel = "LENGTH", description = "bytes (suffixes K, M, G, T)")
    String length;

    @Override
    public Integer call() throws IOException {
        long at = DiskImageAccess.parseSize(offset, "offset");
        long n = DiskImageAccess.parseSize(length, "length");
        try (DiskImage disk = DiskImageAccess.open(image, false)) {
            DiskBytes.checkInside(disk, at, n, "discard");
            int sector = disk.logicalSectorSize();
            if (at % sector != 0 || n % sector != 0) {
                throw new CliException("discard: offset " + at + " length " + n + " (expected: multiples of the "
                        + sector + "-byte sector)");
            }
            try {
                disk.discard(at, n);
                disk.flush();
            } catch (IOException e) {
                throw DiskImageAccess.failure(image, e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("discard " + n + "/" + n + " bytes at offset " + at);
        out.flush();
        return ExitCodes.OK;
    }
}
