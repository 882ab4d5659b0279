package org.hvref.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref vectors}: golden vectors of every channel message and size variant, as JSON lines. */
@Command(name = "vectors", mixinStandardHelpOptions = true,
        description = "Write golden vectors of every channel message and version variant as JSON lines.")
public final class VectorsCommand implements Callable<Integer> {
    /** The file written under {@code --out}. */
    public static final String FILE_NAME = "channel-messages.jsonl";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--out", paramLabel = "DIR",
            description = "write DIR/" + FILE_NAME + " (created if missing) instead of printing to stdout")
    Path out;

    @Override
    public Integer call() {
        String lines = ChannelVectors.jsonLines();
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(lines);
            stdout.flush();
            return ExitCodes.OK;
        }
        Path file = out.resolve(FILE_NAME);
        try {
            Files.createDirectories(out);
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("vectors: cannot write " + file + ": " + e, e);
        }
        stdout.printf("vectors: %d channel messages written to %s%n", ChannelVectors.all().size(), file);
        stdout.flush();
        return ExitCodes.OK;
    }
}
