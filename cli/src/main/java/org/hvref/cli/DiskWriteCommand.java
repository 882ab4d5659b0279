package org.hvref.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hvref.disk.DiskImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk write}: writes the bytes of stdin (or {@code --input FILE}) into the virtual disk at
 * {@code OFFSET}. Any offset and length work: a partial first or last sector is read, merged and written back whole
 * (read-modify-write), so patching a few bytes needs no sector arithmetic. Input that would run past the end of the
 * disk is refused before anything is written when it is a file; from a pipe, the chunks before the end are written
 * first (1 MiB at a time) and the error says how many bytes were.
 */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Write the bytes of stdin (or --input FILE) into the virtual disk at OFFSET; partial sectors "
                + "are read, merged and written back (any offset and length work)."})
public final class DiskWriteCommand implements Callable<Integer> {
    /** Where the bytes come from when no {@code --input} is given (tests replace it). */
    InputStream stdin = System.in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @CommandLine.Parameters(index = "1", paramLabel = "OFFSET", description = "byte offset (suffixes K, M, G, T)")
    String offset;

    @CommandLine.Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "read the bytes from FILE")
    Path input;

    @Override
    public Integer call() throws IOException {
        long at = DiskImageAccess.parseSize(offset, "offset");
        if (input != null && !Files.isReadable(input)) {
            throw new CliException("input: " + input + " (expected: a readable file)");
        }
        long done = 0;
        try (DiskImage disk = DiskImageAccess.open(image, false)) {
            DiskBytes.checkInside(disk, at, 0, "write");
            if (input != null) {
                DiskBytes.checkInside(disk, at, Files.size(input), "write of " + input);
            }
            try (InputStream in = input == null ? InputStream.nullInputStream() : Files.newInputStream(input)) {
                InputStream source = input == null ? stdin : in;
                byte[] buffer = new byte[DiskReadCommand.CHUNK];
                while (true) {
                    int k = source.readNBytes(buffer, 0, buffer.length);
                    if (k == 0) {
                        break;
                    }
                    if (k > disk.size() - at - done) {
                        throw new CliException("write: input longer than the " + (disk.size() - at)
                                + " bytes from offset " + at + " to the end of the " + disk.size()
                                + "-byte disk (expected: shorter; the first " + done + " bytes were written)");
                    }
                    try {
                        DiskBytes.write(disk, at + done, buffer, k);
                    } catch (IOException e) {
                        throw DiskImageAccess.failure(image, e);
                    }
                    done += k;
                }
            }
            disk.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + done + "/" + done + " bytes at offset " + at);
        out.flush();
        return ExitCodes.OK;
    }
}
