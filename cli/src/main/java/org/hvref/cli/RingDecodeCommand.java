package org.hvref.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref ring decode}: prints a ring image's control page and unread packets as JSON lines. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Print the control page and every unread packet of a ring image as JSON lines.")
public final class RingDecodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "ring image file")
    Path image;

    @CommandLine.Option(names = "--data-size", paramLabel = "N",
            description = "size of the data region in bytes (default: file size - 4096)")
    Long dataSize;

    @Override
    public Integer call() {
        throw new CliException("ring decode: not available yet (expected: the org.hvref.ring API)");
    }
}
