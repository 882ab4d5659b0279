package org.hvref.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref disk}: inspect, create, check, convert, read, write and discard raw, VHD ("vpc") and VHDX images. */
@Command(
        name = "disk",
        mixinStandardHelpOptions = true,
        description = {"Virtual disk images (raw, VHD = qemu's \"vpc\", VHDX), as qemu-img/qemu-io would handle them; "
                + "the format is probed from the file's signatures."},
        subcommands = {DiskInfoCommand.class, DiskCreateCommand.class, DiskCheckCommand.class,
            DiskConvertCommand.class, DiskReadCommand.class, DiskWriteCommand.class, DiskDiscardCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done (check: no errors were found)",
            "1:check: errors were found on the image",
            "2:bad input (usage, missing or existing file, damaged or unsupported image, range outside the disk)",
            "3:internal error (HVREF_DEBUG=1 shows the stack trace)"})
public final class DiskCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (expected: info, create, check, convert, read, write, discard)");
    }
}
