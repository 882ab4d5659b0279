package org.hvref.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref ring encode}: writes packets given as JSON lines into a new ring image. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Write the packets of a JSON-lines file into a new ring image.")
public final class RingEncodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "PACKETS.jsonl", description = "one packet per line")
    Path packets;

    @CommandLine.Parameters(index = "1", paramLabel = "IMAGE", description = "ring image file to write")
    Path image;

    @CommandLine.Option(names = "--data-size", paramLabel = "N", required = true,
            description = "size of the data region in bytes")
    long dataSize;

    @Override
    public Integer call() {
        throw new CliException("ring encode: not available yet (expected: the org.hvref.ring API)");
    }
}
