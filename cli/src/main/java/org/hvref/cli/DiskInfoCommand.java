package org.hvref.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hvref.disk.DiskImage;
import org.hvref.disk.vhd.VhdDiskImage;
import org.hvref.disk.vhd.VhdFooter;
import org.hvref.disk.vhdx.VhdxBat;
import org.hvref.disk.vhdx.VhdxImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hvref disk info}: what {@code qemu-img info} reports (same JSON keys: filename, format, virtual-size,
 * actual-size, cluster-size, dirty-flag) plus a {@code format-specific} object with the subformat, sector sizes,
 * allocation and, for VHDX, the log state. {@code actual-size} is the file length (qemu-img reports the bytes the
 * file system allocated, which a portable JDK cannot read).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show an image's format, virtual size and format-specific details (like qemu-img info).")
public final class DiskInfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE", description = "the image file")
    Path image;

    @CommandLine.Option(names = "--output", paramLabel = "FORMAT", defaultValue = "human",
            description = "human or json (default: ${DEFAULT-VALUE})")
    String output;

    @Override
    public Integer call() throws IOException {
        if (!output.equals("human") && !output.equals("json")) {
            throw new CliException("output: " + output + " (expected: human or json)");
        }
        Map<String, Object> info;
        try (DiskImage disk = DiskImageAccess.open(image, true)) {
            info = info(image, disk);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.equals("json")) {
            out.println(json(info));
        } else {
            human(out, info);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The info of an open image, keys in qemu-img's spelling.
     *
     * @param path the file (as the user named it)
     * @param disk the image
     * @return ordered keys and values; "format-specific" holds {"type", "data"}
     * @throws IOException if the file size cannot be read
     */
    static Map<String, Object> info(Path path, DiskImage disk) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", path.toString());
        m.put("format", disk.format().qemuName());
        m.put("virtual-size", disk.size());
        m.put("actual-size", Files.size(path));
        Map<String, Object> data = new LinkedHashMap<>();
        if (disk instanceof VhdDiskImage vhd) {
            if (!vhd.fixed()) {
                m.put("cluster-size", (long) vhd.blockSize());
            }
            VhdFooter f = vhd.footer();
            data.put("subformat", vhd.fixed() ? "fixed" : "dynamic");
            data.put("creator", fourCc(f.creatorApp()));
            data.put("geometry", f.geometry().toString());
            if (!vhd.fixed()) {
                int blocks = (int) ((disk.size() + vhd.blockSize() - 1) / vhd.blockSize());
                int allocated = 0;
                for (int b = 0; b < blocks; b++) {
                    allocated += vhd.allocated(b) ? 1 : 0;
                }
                data.put("blocks", blocks);
                data.put("allocated-blocks", allocated);
            }
        } else if (disk instanceof VhdxImage vhdx) {
            m.put("cluster-size", vhdx.metadata().blockSize());
            data.put("subformat", vhdx.metadata().leaveBlocksAllocated() ? "fixed" : "dynamic");
            long blocks = vhdx.metadata().payloadBlocks();
            long allocated = 0;
            long zero = 0;
            for (long b = 0; b < blocks; b++) {
                int state = VhdxBat.state(vhdx.batEntry((int) VhdxBat.payloadIndex(b, vhdx.metadata().chunkRatio())));
                allocated += state == VhdxBat.FULLY_PRESENT ? 1 : 0;
                zero += state == VhdxBat.ZERO ? 1 : 0;
            }
            data.put("blocks", blocks);
            data.put("allocated-blocks", allocated);
            data.put("zero-blocks", zero);
            data.put("log-size", vhdx.header().logLength());
            data.put("log-dirty", vhdx.header().logDirty());
            data.put("log-entries-to-replay", vhdx.logEntriesReplayed());
        }
        m.put("dirty-flag", false);
        if (!data.isEmpty()) {
            Map<String, Object> specific = new LinkedHashMap<>();
            data.put("logical-sector-size", disk.logicalSectorSize());
            data.put("physical-sector-size", disk.physicalSectorSize());
            specific.put("type", disk.format().qemuName());
            specific.put("data", data);
            m.put("format-specific", specific);
        }
        return m;
    }

    private static String fourCc(int v) {
        StringBuilder b = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = v >>> shift & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return b.toString();
    }

    static String json(Map<String, Object> info) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("info: not serializable (expected: strings, numbers, maps)", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void human(PrintWriter out, Map<String, Object> m) {
        out.println("image: " + m.get("filename"));
        out.println("file format: " + m.get("format"));
        long size = (Long) m.get("virtual-size");
        out.println("virtual size: " + DiskImageAccess.human(size) + " (" + size + " bytes)");
        out.println("file length: " + DiskImageAccess.human((Long) m.get("actual-size")));
        if (m.containsKey("cluster-size")) {
            out.println("cluster_size: " + m.get("cluster-size"));
        }
        if (m.get("format-specific") instanceof Map<?, ?> specific) {
            out.println("Format specific information:");
            for (Map.Entry<String, Object> e : ((Map<String, Object>) specific.get("data")).entrySet()) {
                out.println("    " + e.getKey().replace('-', ' ') + ": " + e.getValue());
            }
        }
    }
}
