package org.hvref.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hvref} top-level command; {@link #main} is the jar's entry point. */
@Command(
        name = "hvref",
        mixinStandardHelpOptions = true,
        versionProvider = HvrefCommand.Version.class,
        description = "Formal-model-backed reference implementation of the Hyper-V VMBus.",
        subcommands = {CheckCommand.class, RingCommand.class, DemoCommand.class, VectorsCommand.class,
            CopyCommand.class, DiskCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:everything passed",
            "1:a verdict is negative (TLC result drifted, demo failed, disk check found errors)",
            "2:bad input (usage, unreadable or malformed file, corrupt or overflowing ring, damaged disk image)",
            "3:internal error (HVREF_DEBUG=1 shows the stack trace)",
            "4:hvref copy: the guest refused the copy"})
public final class HvrefCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code hvref} with the given arguments and exits with the command's status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (error handling, exit codes); tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HvrefCommand());
        cl.setExecutionExceptionHandler(HvrefCommand::handleException);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (expected: check, ring, demo, vectors, copy, disk)");
    }

    private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof CliException) {
            err.println("hvref: " + e.getMessage());
            debugTrace(e, err);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        err.println("hvref: internal error: " + e);
        debugTrace(e, err);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private static void debugTrace(Exception e, PrintWriter err) {
        if ("1".equals(System.getenv("HVREF_DEBUG"))) {
            e.printStackTrace(err);
        }
    }

    /** Reports the version recorded in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HvrefCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hvref " + (v == null ? "(development build)" : v)};
        }
    }
}
