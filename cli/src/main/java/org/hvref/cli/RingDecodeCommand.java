package org.hvref.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.hvref.ring.RawPacket;
import org.hvref.ring.RingCorruptedException;
import org.hvref.ring.RingInspector;
import org.hvref.ring.RingLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref ring decode}: prints a ring image's control page and unread packets as JSON lines. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {
            "Print the control page and every unread packet of a ring image as JSON lines.",
            "A corrupt ring ends with {\"error\":...,\"offset\":N} and exit status 2."})
public final class RingDecodeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "IMAGE",
            description = "ring image: 4096-byte control page followed by the data region")
    Path image;

    @CommandLine.Option(names = "--data-size", paramLabel = "N",
            description = "size of the data region in bytes (default: file size - 4096)")
    Long dataSize;

    @Override
    public Integer call() {
        RingLayout layout = RingImage.load(image, dataSize);
        PrintWriter out = spec.commandLine().getOut();
        RingInspector.ControlSnapshot control = RingInspector.control(layout);
        ObjectNode controlLine = JSON.createObjectNode()
                .put("writeIndex", Integer.toUnsignedLong(control.writeIndex()))
                .put("readIndex", Integer.toUnsignedLong(control.readIndex()))
                .put("interruptMask", Integer.toUnsignedLong(control.interruptMask()))
                .put("pendingSendSize", Integer.toUnsignedLong(control.pendingSendSize()))
                .put("featureBits", Integer.toUnsignedLong(control.featureBits()));
        println(out, controlLine);
        // where decoding stands: the next packet's offset (reported when an index, not a packet, is bad)
        long[] position = {Integer.toUnsignedLong(control.readIndex())};
        try {
            RingInspector.forEachUnread(layout, packet -> {
                println(out, packetLine(packet));
                position[0] = (packet.ringOffset() + (long) packet.ringLength()) % layout.dataSize();
            });
        } catch (RingCorruptedException e) {
            println(out, JSON.createObjectNode()
                    .put("error", e.getMessage())
                    .put("offset", e.offset() >= 0 ? e.offset() : position[0]));
            out.flush();
            return ExitCodes.BAD_INPUT;
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One packet as a JSON object (fields in the documented order). */
    static ObjectNode packetLine(RawPacket packet) {
        byte[] trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, packet.trailer()).array();
        return JSON.createObjectNode()
                .put("offset", packet.ringOffset())
                .put("type", packet.type())
                .put("offset8", packet.offset8())
                .put("len8", packet.len8())
                .put("flags", packet.flags())
                .put("transactionId", Long.toUnsignedString(packet.transactionId()))
                .put("data", HEX.formatHex(packet.data()))
                .put("trailer", HEX.formatHex(trailer));
    }

    private static void println(PrintWriter out, ObjectNode line) {
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("json: cannot write " + line, e);
        }
    }
}
