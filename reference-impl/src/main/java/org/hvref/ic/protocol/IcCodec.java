package org.hvref.ic.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes and encodes IC packets: pipe header + IC header + payload (devices-ic-input-video.md §1.2, §1.4). Every
 * size, count and offset from the peer is checked against the packet before use; violations are
 * {@link MalformedIcMessageException}.
 */
public final class IcCodec {
    private IcCodec() {
    }

    /**
     * Decodes and checks the headers of {@code packet[0, length)}: at least 28 bytes; pipe type DATA; icmsgsize
     * within the packet; pipe msgsize covering the IC header and icmsgsize bytes and within the packet (ic §1.2:
     * "requires message_size bytes to be present after the header").
     *
     * @param packet the in-band packet payload
     * @param length its valid length
     * @return the IC header
     * @throws MalformedIcMessageException if a check fails
     */
    public static IcHeader decodeHeader(byte[] packet, int length) {
        checkLength(packet, length);
        if (length < IcHeaderDescriptor.LENGTH) {
            throw new MalformedIcMessageException(IcMessageError.TOO_SHORT,
                    "ic packet: " + length + " bytes (expected: >= " + IcHeaderDescriptor.LENGTH + " bytes)");
        }
        int pipeType = Le.u32(packet, PipeHeaderDescriptor.PACKET_TYPE_OFFSET);
        if (pipeType != PipeHeaderDescriptor.TYPE_DATA) {
            throw new MalformedIcMessageException(IcMessageError.BAD_PIPE_TYPE, "pipe packet type: "
                    + Integer.toUnsignedString(pipeType) + " (expected: " + PipeHeaderDescriptor.TYPE_DATA + ")");
        }
        int messageSize = Le.u16(packet, IcHeaderDescriptor.MESSAGE_SIZE_OFFSET);
        if (messageSize > length - IcHeaderDescriptor.LENGTH) {
            throw new MalformedIcMessageException(IcMessageError.BAD_SIZE, "icmsgsize: " + messageSize
                    + " (expected: <= " + (length - IcHeaderDescriptor.LENGTH) + ", the bytes after the header)");
        }
        long pipeSize = Integer.toUnsignedLong(Le.u32(packet, PipeHeaderDescriptor.MESSAGE_SIZE_OFFSET));
        long minPipe = IcHeaderDescriptor.IC_HEADER_LENGTH + messageSize;
        long maxPipe = length - PipeHeaderDescriptor.LENGTH;
        if (pipeSize < minPipe || pipeSize > maxPipe) {
            throw new MalformedIcMessageException(IcMessageError.BAD_SIZE, "pipe msgsize: " + pipeSize
                    + " (expected: " + minPipe + " to " + maxPipe + ")");
        }
        return new IcHeader(IcVersion.fromWire(Le.u32(packet, IcHeaderDescriptor.FRAMEWORK_VERSION_OFFSET)),
                IcMessageType.valueOf(Le.u16(packet, IcHeaderDescriptor.MESSAGE_TYPE_OFFSET)),
                IcVersion.fromWire(Le.u32(packet, IcHeaderDescriptor.MESSAGE_VERSION_OFFSET)),
                messageSize, Le.u32(packet, IcHeaderDescriptor.STATUS_OFFSET),
                Le.u8(packet, IcHeaderDescriptor.TRANSACTION_ID_OFFSET), Le.u8(packet, IcHeaderDescriptor.FLAGS_OFFSET));
    }

    /**
     * Decodes a NEGOTIATE packet (ic §1.4): the headers as {@link #decodeHeader}, icmsgtype 0, both counts at most
     * {@value IcNegotiateDescriptor#MAX_VERSION_COUNT}, and the 8 + 4 * (fw + msg) payload bytes within icmsgsize
     * (which the header check keeps within the packet).
     *
     * @param packet the in-band packet payload
     * @param length its valid length
     * @return the negotiate payload
     * @throws MalformedIcMessageException if a check fails
     */
    public static IcNegotiate decodeNegotiate(byte[] packet, int length) {
        IcHeader header = decodeHeader(packet, length);
        if (!header.messageType().equals(IcMessageType.NEGOTIATE)) {
            throw new MalformedIcMessageException(IcMessageError.WRONG_TYPE,
                    "icmsgtype: " + header.messageType() + " (expected: NEGOTIATE(0x00))");
        }
        if (header.messageSize() < IcNegotiateDescriptor.FIXED_LENGTH) {
            throw new MalformedIcMessageException(IcMessageError.TOO_SHORT, "negotiate icmsgsize: "
                    + header.messageSize() + " (expected: >= " + IcNegotiateDescriptor.FIXED_LENGTH + ")");
        }
        int fw = Le.u16(packet, IcNegotiateDescriptor.FRAMEWORK_COUNT_OFFSET);
        int msg = Le.u16(packet, IcNegotiateDescriptor.MESSAGE_COUNT_OFFSET);
        if (fw > IcNegotiateDescriptor.MAX_VERSION_COUNT || msg > IcNegotiateDescriptor.MAX_VERSION_COUNT) {
            throw new MalformedIcMessageException(IcMessageError.BAD_COUNT, "negotiate counts: fw=" + fw + " msg="
                    + msg + " (expected: <= " + IcNegotiateDescriptor.MAX_VERSION_COUNT + " each)");
        }
        int need = IcNegotiateDescriptor.messageSize(fw, msg);
        if (need > header.messageSize()) {
            throw new MalformedIcMessageException(IcMessageError.BAD_COUNT, "negotiate versions: fw=" + fw + " msg="
                    + msg + " need " + need + " bytes (expected: <= icmsgsize " + header.messageSize() + ")");
        }
        List<IcVersion> fws = new ArrayList<>(fw);
        List<IcVersion> msgs = new ArrayList<>(msg);
        for (int i = 0; i < fw + msg; i++) {
            IcVersion v = IcVersion.fromWire(Le.u32(packet, IcNegotiateDescriptor.versionOffset(i)));
            (i < fw ? fws : msgs).add(v);
        }
        return new IcNegotiate(fws, msgs);
    }

    /**
     * Encodes a packet: pipe header (DATA, msgsize 20 + payload length), {@code header} as given, then
     * {@code payload}.
     *
     * @param header  the IC header; its icmsgsize must not exceed the payload length
     * @param payload the service payload (copied)
     * @return a new packet of 28 + payload length bytes
     */
    public static byte[] encode(IcHeader header, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (header.messageSize() > payload.length) {
            throw new IllegalArgumentException("icmsgsize: " + header.messageSize() + " (expected: <= payload length "
                    + payload.length + ")");
        }
        byte[] packet = new byte[IcHeaderDescriptor.LENGTH + payload.length];
        Le.put32(packet, PipeHeaderDescriptor.PACKET_TYPE_OFFSET, PipeHeaderDescriptor.TYPE_DATA);
        Le.put32(packet, PipeHeaderDescriptor.MESSAGE_SIZE_OFFSET, IcHeaderDescriptor.IC_HEADER_LENGTH + payload.length);
        writeHeader(packet, header);
        for (int i = 0; i < payload.length; i++) {
            packet[IcHeaderDescriptor.LENGTH + i] = payload[i];
        }
        return packet;
    }

    /**
     * Encodes a NEGOTIATE packet: {@code header} with icmsgsize set to 8 + 4 * (fw + msg), the counts, reserved zero
     * and the versions.
     *
     * @param header    the IC header (its icmsgsize is replaced)
     * @param negotiate the versions
     * @return a new packet of 36 + 4 * (fw + msg) bytes
     */
    public static byte[] encodeNegotiate(IcHeader header, IcNegotiate negotiate) {
        byte[] payload = new byte[negotiate.messageSize()];
        int base = IcHeaderDescriptor.LENGTH;
        Le.put16(payload, IcNegotiateDescriptor.FRAMEWORK_COUNT_OFFSET - base, negotiate.frameworkVersions().size());
        Le.put16(payload, IcNegotiateDescriptor.MESSAGE_COUNT_OFFSET - base, negotiate.messageVersions().size());
        int i = 0;
        for (IcVersion v : negotiate.frameworkVersions()) {
            Le.put32(payload, IcNegotiateDescriptor.versionOffset(i++) - base, v.toWire());
        }
        for (IcVersion v : negotiate.messageVersions()) {
            Le.put32(payload, IcNegotiateDescriptor.versionOffset(i++) - base, v.toWire());
        }
        return encode(header.withMessageSize(payload.length), payload);
    }

    /**
     * Writes the IC header fields (offsets 8..27) into {@code packet} in place, leaving the pipe header and payload.
     *
     * @param packet a packet of at least 28 bytes
     * @param header the header
     */
    public static void writeHeader(byte[] packet, IcHeader header) {
        if (packet.length < IcHeaderDescriptor.LENGTH) {
            throw new IllegalArgumentException("packet: " + packet.length + " bytes (expected: >= "
                    + IcHeaderDescriptor.LENGTH + ")");
        }
        Le.put32(packet, IcHeaderDescriptor.FRAMEWORK_VERSION_OFFSET, header.frameworkVersion().toWire());
        Le.put16(packet, IcHeaderDescriptor.MESSAGE_TYPE_OFFSET, header.messageType().raw());
        Le.put32(packet, IcHeaderDescriptor.MESSAGE_VERSION_OFFSET, header.messageVersion().toWire());
        Le.put16(packet, IcHeaderDescriptor.MESSAGE_SIZE_OFFSET, header.messageSize());
        Le.put32(packet, IcHeaderDescriptor.STATUS_OFFSET, header.status());
        Le.put8(packet, IcHeaderDescriptor.TRANSACTION_ID_OFFSET, header.transactionId());
        Le.put8(packet, IcHeaderDescriptor.FLAGS_OFFSET, header.flags());
        Le.put16(packet, IcHeaderDescriptor.RESERVED_OFFSET, 0);
    }

    /**
     * Writes a NEGOTIATE answer into {@code packet} in place, as far as the packet reaches (guests answer in the
     * received buffer, ic §1.2): both counts at 28/30, then the two slots at 36/40.
     *
     * @param packet         the packet buffer
     * @param frameworkCount icframe_vercnt to write
     * @param messageCount   icmsg_vercnt to write
     * @param slot0          icversion_data[0]
     * @param slot1          icversion_data[1]
     */
    public static void writeNegotiateAnswer(byte[] packet, int frameworkCount, int messageCount, IcVersion slot0,
                                            IcVersion slot1) {
        putIfFits(packet, IcNegotiateDescriptor.FRAMEWORK_COUNT_OFFSET, 2, frameworkCount);
        putIfFits(packet, IcNegotiateDescriptor.MESSAGE_COUNT_OFFSET, 2, messageCount);
        putIfFits(packet, IcNegotiateDescriptor.versionOffset(0), 4, slot0.toWire());
        putIfFits(packet, IcNegotiateDescriptor.versionOffset(1), 4, slot1.toWire());
    }

    /**
     * Copies {@code packet[0, length)} into a buffer of at least {@code minLength} bytes (zero-filled) and sets the
     * pipe msgsize to the new length minus 8: guests answer in a copy of the request (ic §1.2 "answer in place"),
     * grown to the minimum answer size where needed (ic §1.2: FreeBSD grows short negotiate messages).
     *
     * @param packet    the received packet
     * @param length    its valid length, at least 8
     * @param minLength the smallest answer length
     * @return the copy
     */
    public static byte[] copyForAnswer(byte[] packet, int length, int minLength) {
        checkLength(packet, length);
        if (length < PipeHeaderDescriptor.LENGTH) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= " + PipeHeaderDescriptor.LENGTH
                    + ")");
        }
        byte[] out = Arrays.copyOf(packet, Math.max(length, minLength));
        Arrays.fill(out, length, out.length, (byte) 0);
        Le.put32(out, PipeHeaderDescriptor.MESSAGE_SIZE_OFFSET, out.length - PipeHeaderDescriptor.LENGTH);
        return out;
    }

    private static void putIfFits(byte[] packet, int offset, int width, int value) {
        if (offset + width <= packet.length) {
            if (width == 2) {
                Le.put16(packet, offset, value);
            } else {
                Le.put32(packet, offset, value);
            }
        }
    }

    /**
     * Reads the raw negotiate counts of a packet without other checks (guests read them before validating, ic §1.4
     * Linux step 5's quirk).
     *
     * @param packet the packet, at least {@value IcNegotiateDescriptor#MIN_COUNTS_LENGTH} bytes
     * @return {fw, msg}
     */
    public static int[] rawNegotiateCounts(byte[] packet) {
        return new int[] {Le.u16(packet, IcNegotiateDescriptor.FRAMEWORK_COUNT_OFFSET),
            Le.u16(packet, IcNegotiateDescriptor.MESSAGE_COUNT_OFFSET)};
    }

    private static void checkLength(byte[] packet, int length) {
        Objects.requireNonNull(packet, "packet");
        if (length < 0 || length > packet.length) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0 to " + packet.length + ")");
        }
    }
}
