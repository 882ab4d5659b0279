package org.hvref.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref ring}: exchange ring images (control page + data region) with other implementations. */
@Command(
        name = "ring",
        mixinStandardHelpOptions = true,
        description = "Decode or encode ring images (4096-byte control page followed by the data region).",
        subcommands = {RingDecodeCommand.class, RingEncodeCommand.class})
public final class RingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (expected: decode, encode)");
    }
}
