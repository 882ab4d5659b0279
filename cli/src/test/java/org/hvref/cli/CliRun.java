package org.hvref.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs an {@code hvref} command in-process and captures its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HvrefCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "status=" + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
