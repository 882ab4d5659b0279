package org.hvref.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hvref.disk.DiskImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk read}: copies {@code LENGTH} bytes of the virtual disk at {@code OFFSET} (any byte offset; partial
 * sectors are read whole and trimmed) to stdout or {@code --output FILE}, like {@code qemu-io -c "read -v"} without
 * the hex dump.
 */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Write LENGTH bytes of the virtual disk at OFFSET to stdout (or --output FILE), as raw bytes.")
public final class DiskReadCommand implements Callable<Integer> {
    /** Bytes per image read. */
    static final int CHUNK = 1 << 20;

    /** Where the bytes go when no {@code --output} is given (tests replace it). */
    OutputStream stdout = System.out;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @CommandLine.Parameters(index = "1", paramLabel = "OFFSET", description = "byte offset (suffixes K, M, G, T)")
    String offset;

    @CommandLine.Parameters(index = "2", paramLabel = "LENGTH", description = "bytes to read (suffixes K, M, G, T)")
    String length;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the bytes to FILE (created or replaced) instead of stdout")
    Path output;

    @Override
    public Integer call() throws IOException {
        long at = DiskImageAccess.parseSize(offset, "offset");
        long n = DiskImageAccess.parseSize(length, "length");
        try (DiskImage disk = DiskImageAccess.open(image, true)) {
            DiskBytes.checkInside(disk, at, n, "read");
            OutputStream out = output == null ? stdout : Files.newOutputStream(output);
            try {
                byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(n, 1))];
                long done = 0;
                while (done < n) {
                    int k = (int) Math.min(buffer.length, n - done);
                    try {
                        DiskBytes.read(disk, at + done, buffer, k);
                    } catch (IOException e) {
                        throw DiskImageAccess.failure(image, e);
                    }
                    out.write(buffer, 0, k);
                    done += k;
                }
                out.flush();
            } finally {
                if (output != null) {
                    out.close();
                }
            }
        }
        return ExitCodes.OK;
    }
}
