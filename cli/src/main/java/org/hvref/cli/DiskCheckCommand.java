package org.hvref.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hvref.disk.DiskImages;
import org.hvref.disk.ImageCheckReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk check}: the structural check of {@link DiskImages#check} printed like {@code qemu-img check}
 * ("No errors were found on the image." or one "ERROR" line per problem and a count); exit 0 when clean, 1 when
 * errors were found. A dirty VHDX log is an error; {@code --repair} replays it (writing to the file).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check an image's structure (VHD: footers, dynamic header, BAT, bitmaps; VHDX: headers, "
                + "region tables, metadata, BAT, log). Exit 0 if clean, 1 if errors were found."})
public final class DiskCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @CommandLine.Option(names = "--repair", description = "replay a dirty VHDX log (writes to the image)")
    boolean repair;

    @CommandLine.Option(names = "--output", paramLabel = "FORMAT", defaultValue = "human",
            description = "human or json (default: ${DEFAULT-VALUE})")
    String output;

    @Override
    public Integer call() {
        if (!output.equals("human") && !output.equals("json")) {
            throw new CliException("output: " + output + " (expected: human or json)");
        }
        if (!Files.isRegularFile(image)) {
            throw new CliException("image: " + image + " (expected: an existing regular file)");
        }
        ImageCheckReport r;
        try {
            r = DiskImages.check(image, repair);
        } catch (IOException e) {
            throw DiskImageAccess.failure(image, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.equals("json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filename", image.toString());
            m.put("format", r.format().qemuName());
            m.put("check-errors", r.errors().size());
            m.put("errors", r.errors());
            m.put("repaired", r.repaired());
            m.put("facts", r.facts());
            out.println(DiskInfoCommand.json(m));
        } else {
            for (String s : r.repaired()) {
                out.println("Repaired: " + s);
            }
            for (String s : r.errors()) {
                out.println("ERROR " + s);
            }
            if (r.clean()) {
                out.println("No errors were found on the image.");
            } else {
                out.println();
                out.println(r.errors().size() + " error" + (r.errors().size() == 1 ? " was" : "s were")
                        + " found on the image.");
                out.println("Data may be corrupted, or further writes to the image may corrupt it.");
            }
            for (String s : r.facts()) {
                out.println(s);
            }
        }
        out.flush();
        return r.clean() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
