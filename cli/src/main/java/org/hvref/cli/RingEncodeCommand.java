package org.hvref.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.RawPacket;
import org.hvref.ring.RingControlDescriptor;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingWriter;
import org.hvref.ring.WriteStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hvref ring encode}: writes packets given as JSON lines into a new ring image. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {
            "Write the packets of a JSON-lines file into a new ring image with the reference writer.",
            "Each line: {\"type\":6,\"flags\":1,\"transactionId\":\"42\",\"data\":\"0102...\"}"
                + " (data = the bytes after the 16-byte descriptor; optional \"offset8\", default 2)."})
public final class RingEncodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "PACKETS.jsonl", description = "one packet per line")
    Path packets;

    @CommandLine.Parameters(index = "1", paramLabel = "IMAGE", description = "ring image file to write")
    Path image;

    @CommandLine.Option(names = "--data-size", paramLabel = "N", required = true,
            description = "size of the data region in bytes (a positive multiple of 8; real rings: of 4096)")
    long dataSize;

    @CommandLine.Option(names = "--feature-bits", paramLabel = "BITS", defaultValue = "1",
            description = "control page feature_bits (default: ${DEFAULT-VALUE} = feat_pending_send_sz)")
    long featureBits;

    @Override
    public Integer call() {
        int size = RingImage.checkDataSize(dataSize);
        if (featureBits < 0 || featureBits > 0xFFFF_FFFFL) {
            throw new CliException("feature bits: " + featureBits + " (expected: 0..4294967295)");
        }
        RingLayout layout = RingImage.create(size);
        layout.initialize((featureBits & RingControlDescriptor.FEAT_PENDING_SEND_SIZE) != 0);
        layout.putFeatureBitsRelease((int) featureBits);
        RingWriter writer = new RingWriter(layout);
        int count = 0;
        long used = 0;
        try (BufferedReader in = Files.newBufferedReader(packets, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                RawPacket packet = toPacket(lineNumber, line);
                byte[] bytes = packet.bytes();
                WriteStatus status;
                try {
                    status = writer.tryWriteEncoded(bytes, 0, bytes.length);
                } catch (IllegalArgumentException e) {
                    throw new CliException(where(lineNumber) + e.getMessage());
                }
                if (!status.written()) {
                    long free = size - used;
                    throw new CliException(where(lineNumber) + "ring overflow: packet needs " + packet.ringLength()
                            + " bytes, " + free + " free (expected: more than " + packet.ringLength()
                            + " free; one 8-byte slot always stays free in a data region of " + size + " bytes)");
                }
                count++;
                used += packet.ringLength();
            }
        } catch (NoSuchFileException e) {
            throw new CliException("packets: " + packets + ": no such file (expected: a JSON-lines file)", e);
        } catch (CharacterCodingException e) {
            throw new CliException("packets: " + packets + ": not UTF-8 text (expected: a JSON-lines file)", e);
        } catch (IOException e) {
            throw new CliException("packets: " + packets + ": " + e.getMessage() + " (expected: a readable file)", e);
        }
        RingImage.save(layout, image);
        spec.commandLine().getOut().printf("wrote %s: %d packets, %d of %d data bytes used, writeIndex %d%n",
                image, count, used, size, writer.writeIndex());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static String where(int lineNumber) {
        return "line " + lineNumber + ": ";
    }

    /** The packet a line describes: descriptor (offset8 as given), data, zero padding. */
    private static RawPacket toPacket(int lineNumber, String text) {
        try {
            PacketLine line = PacketLine.parse(text);
            RawPacket plain = RawPacket.of(line.type(), line.flags(), line.transactionId(), line.data());
            if (line.offset8() == PacketLine.PLAIN_OFFSET8) {
                return plain;
            }
            byte[] bytes = plain.bytes();
            bytes[PacketDescriptor.OFFSET8_OFFSET] = (byte) line.offset8();
            bytes[PacketDescriptor.OFFSET8_OFFSET + 1] = (byte) (line.offset8() >>> 8);
            return new RawPacket(-1, bytes, 0);
        } catch (IllegalArgumentException e) {
            throw new CliException(where(lineNumber) + e.getMessage());
        }
    }
}
