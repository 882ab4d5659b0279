package org.hvref.storage.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.hvref.channel.protocol.OpaqueBytes;

/**
 * vstor packets to bytes and back (devices-net-storage-pci.md §3.2), payloads chosen by {@link VstorPacketCatalog}.
 *
 * <p>Decoding checks, in order: the length is 48 or 64, or the expected form's length ({@link
 * VstorPacketError#BAD_SIZE}); the operation is 1..14 ({@code UNKNOWN_OPERATION}); then {@code INVALID_FIELD}:
 * flags other than bit 0, a vm_srb length other than the form's (0x24 / 0x34), data_in not 0..2, cdb_length above
 * 16, sense_info_length above the form's sense size (18 / 20). Reserved fields of the properties and the bytes after
 * a short union member are ignored (written as zero). Nothing outside {@code [0, length)} is read.
 */
public final class VstorPacketCodec {
    private static final int P = VstorPacketDescriptor.PAYLOAD_OFFSET;

    private VstorPacketCodec() {
    }

    /**
     * @param packet the packet
     * @return its bytes, exactly the form's length
     */
    public static byte[] encode(VstorPacket packet) {
        Objects.requireNonNull(packet, "packet");
        byte[] out = new byte[packet.form().packetLength()];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VstorPacketDescriptor.OPERATION_OFFSET, packet.operation().code());
        b.putInt(VstorPacketDescriptor.FLAGS_OFFSET, packet.flags());
        b.putInt(VstorPacketDescriptor.STATUS_OFFSET, packet.status());
        VstorPayload payload = packet.payload();
        if (payload instanceof VmScsiRequest s) {
            writeSrb(b, packet.form(), s);
        } else if (payload instanceof StorageChannelProperties p) {
            b.putShort(P + StorageChannelPropertiesDescriptor.MAX_CHANNEL_COUNT_OFFSET, (short) p.maxChannelCount());
            b.putInt(P + StorageChannelPropertiesDescriptor.FLAGS_OFFSET, p.flags());
            b.putInt(P + StorageChannelPropertiesDescriptor.MAX_TRANSFER_BYTES_OFFSET, (int) p.maxTransferBytes());
        } else if (payload instanceof VstorVersionPayload v) {
            b.putShort(P + VstorVersionDescriptor.MAJOR_MINOR_OFFSET, (short) v.version().value());
            b.putShort(P + VstorVersionDescriptor.REVISION_OFFSET, (short) v.revision());
        } else if (payload instanceof SubChannelCount c) {
            b.putShort(P + SubChannelCountDescriptor.SUB_CHANNEL_COUNT_OFFSET, (short) c.count());
        } else {
            b.put(P, ((OpaquePayload) payload).bytes().toArray());
        }
        return out;
    }

    /**
     * Decodes a request from the guest (host side): the payload kind follows the operation ({@link
     * VstorPacketCatalog.Entry#request()}); the form follows the length.
     *
     * @param bytes  holds the packet from offset 0
     * @param length the in-band payload length
     * @return the packet
     * @throws MalformedStorvscPacketException if the bytes are not an acceptable packet
     */
    public static VstorPacket decodeRequest(byte[] bytes, int length) {
        return decodeAt(bytes, length, null, null);
    }

    /**
     * Decodes the COMPLETE_IO that answers a request (guest side), or an unsolicited host packet read as its own
     * operation's request kind when {@code answered} is {@code null}.
     *
     * @param bytes    holds the packet from offset 0
     * @param length   the in-band payload length
     * @param answered the operation of the request it completes
     * @return the packet
     * @throws MalformedStorvscPacketException if the bytes are not an acceptable packet
     */
    public static VstorPacket decodeCompletion(byte[] bytes, int length, VstorOperation answered) {
        return decodeAt(bytes, length, null, VstorPacketCatalog.entry(Objects.requireNonNull(answered,
                "answered")).completion());
    }

    /**
     * Decodes a packet with a given payload kind, requiring a form.
     *
     * @param bytes    holds the packet from offset 0
     * @param length   the in-band payload length
     * @param expected the negotiated form, {@code null} for either
     * @param kind     the payload kind, {@code null} for the operation's request kind
     * @return the packet
     * @throws MalformedStorvscPacketException if the bytes are not an acceptable packet
     */
    public static VstorPacket decode(byte[] bytes, int length, VstorPacketForm expected, VstorPayloadKind kind) {
        return decodeAt(bytes, length, expected, kind);
    }

    private static VstorPacket decodeAt(byte[] bytes, int length, VstorPacketForm expected, VstorPayloadKind kind) {
        Objects.requireNonNull(bytes, "bytes");
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0.." + bytes.length + ")");
        }
        VstorPacketForm form = VstorPacketForm.ofLength(length);
        if (form == null || (expected != null && form != expected)) {
            throw new MalformedStorvscPacketException(VstorPacketError.BAD_SIZE, "vstor packet: " + length
                    + " bytes (expected: " + (expected == null ? "48 or 64" : expected.packetLength() + " in form "
                    + expected) + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        int code = b.getInt(VstorPacketDescriptor.OPERATION_OFFSET);
        VstorOperation op = VstorOperation.of(code).orElseThrow(() -> new MalformedStorvscPacketException(
                VstorPacketError.UNKNOWN_OPERATION, "vstor packet operation: " + Integer.toUnsignedString(code)
                        + " (expected: 1..14)"));
        VstorPayloadKind k = kind != null ? kind : VstorPacketCatalog.entry(op).request();
        try {
            VstorPayload payload = switch (k) {
                case SRB -> readSrb(b, form);
                case PROPERTIES -> new StorageChannelProperties(
                        u16(b, StorageChannelPropertiesDescriptor.MAX_CHANNEL_COUNT_OFFSET),
                        b.getInt(P + StorageChannelPropertiesDescriptor.FLAGS_OFFSET),
                        u32(b, StorageChannelPropertiesDescriptor.MAX_TRANSFER_BYTES_OFFSET));
                case VERSION -> new VstorVersionPayload(
                        new VstorProtocolVersion(u16(b, VstorVersionDescriptor.MAJOR_MINOR_OFFSET)),
                        u16(b, VstorVersionDescriptor.REVISION_OFFSET));
                case SUB_CHANNEL_COUNT -> new SubChannelCount(
                        Short.toUnsignedInt(b.getShort(P + SubChannelCountDescriptor.SUB_CHANNEL_COUNT_OFFSET)));
                case OPAQUE -> new OpaquePayload(OpaqueBytes.of(Arrays.copyOfRange(bytes, P, length)));
            };
            return new VstorPacket(form, op, b.getInt(VstorPacketDescriptor.FLAGS_OFFSET),
                    b.getInt(VstorPacketDescriptor.STATUS_OFFSET), payload);
        } catch (IllegalArgumentException e) {
            throw new MalformedStorvscPacketException(VstorPacketError.INVALID_FIELD, e.getMessage());
        }
    }

    private static VmScsiRequest readSrb(ByteBuffer b, VstorPacketForm form) {
        int srbLength = Short.toUnsignedInt(b.getShort(P + VmScsiRequestDescriptor.LENGTH_FIELD_OFFSET));
        if (srbLength != form.srbLength()) {
            throw new IllegalArgumentException("vm srb length: " + srbLength + " (expected: " + form.srbLength()
                    + " in form " + form + ")");
        }
        int dataIn = u8(b, VmScsiRequestDescriptor.DATA_IN_OFFSET);
        DataDirection direction = DataDirection.of(dataIn).orElseThrow(() -> new IllegalArgumentException(
                "vm srb data in: " + dataIn + " (expected: 0, 1 or 2)"));
        byte[] union = new byte[VmScsiRequestDescriptor.CDB_OR_SENSE_LENGTH];
        b.get(P + VmScsiRequestDescriptor.CDB_OR_SENSE_OFFSET, union);
        VmScsiRequest.Win8Extension ext = form != VstorPacketForm.WIN8 ? null : new VmScsiRequest.Win8Extension(
                Short.toUnsignedInt(b.getShort(P + VmScsiRequestDescriptor.RESERVE_OFFSET)),
                u8(b, VmScsiRequestDescriptor.QUEUE_TAG_OFFSET),
                u8(b, VmScsiRequestDescriptor.QUEUE_ACTION_OFFSET),
                b.getInt(P + VmScsiRequestDescriptor.SRB_FLAGS_OFFSET),
                b.getInt(P + VmScsiRequestDescriptor.TIME_OUT_VALUE_OFFSET),
                b.getInt(P + VmScsiRequestDescriptor.QUEUE_SORT_KEY_OFFSET));
        return new VmScsiRequest(u8(b, VmScsiRequestDescriptor.SRB_STATUS_OFFSET),
                u8(b, VmScsiRequestDescriptor.SCSI_STATUS_OFFSET),
                u8(b, VmScsiRequestDescriptor.PORT_NUMBER_OFFSET),
                u8(b, VmScsiRequestDescriptor.PATH_ID_OFFSET),
                u8(b, VmScsiRequestDescriptor.TARGET_ID_OFFSET),
                u8(b, VmScsiRequestDescriptor.LUN_OFFSET),
                u8(b, VmScsiRequestDescriptor.CDB_LENGTH_OFFSET),
                u8(b, VmScsiRequestDescriptor.SENSE_INFO_LENGTH_OFFSET),
                direction,
                u8(b, VmScsiRequestDescriptor.RESERVED_OFFSET),
                Integer.toUnsignedLong(b.getInt(P + VmScsiRequestDescriptor.DATA_TRANSFER_LENGTH_OFFSET)),
                OpaqueBytes.of(union), ext);
    }

    private static void writeSrb(ByteBuffer b, VstorPacketForm form, VmScsiRequest s) {
        b.putShort(P + VmScsiRequestDescriptor.LENGTH_FIELD_OFFSET, (short) form.srbLength());
        b.put(P + VmScsiRequestDescriptor.SRB_STATUS_OFFSET, (byte) s.srbStatus());
        b.put(P + VmScsiRequestDescriptor.SCSI_STATUS_OFFSET, (byte) s.scsiStatus());
        b.put(P + VmScsiRequestDescriptor.PORT_NUMBER_OFFSET, (byte) s.portNumber());
        b.put(P + VmScsiRequestDescriptor.PATH_ID_OFFSET, (byte) s.pathId());
        b.put(P + VmScsiRequestDescriptor.TARGET_ID_OFFSET, (byte) s.targetId());
        b.put(P + VmScsiRequestDescriptor.LUN_OFFSET, (byte) s.lun());
        b.put(P + VmScsiRequestDescriptor.CDB_LENGTH_OFFSET, (byte) s.cdbLength());
        b.put(P + VmScsiRequestDescriptor.SENSE_INFO_LENGTH_OFFSET, (byte) s.senseInfoLength());
        b.put(P + VmScsiRequestDescriptor.DATA_IN_OFFSET, (byte) s.dataIn().code());
        b.put(P + VmScsiRequestDescriptor.RESERVED_OFFSET, (byte) s.reserved());
        b.putInt(P + VmScsiRequestDescriptor.DATA_TRANSFER_LENGTH_OFFSET, (int) s.dataTransferLength());
        b.put(P + VmScsiRequestDescriptor.CDB_OR_SENSE_OFFSET, s.cdbOrSense().toArray());
        VmScsiRequest.Win8Extension e = s.extension();
        if (e != null) {
            b.putShort(P + VmScsiRequestDescriptor.RESERVE_OFFSET, (short) e.reserve());
            b.put(P + VmScsiRequestDescriptor.QUEUE_TAG_OFFSET, (byte) e.queueTag());
            b.put(P + VmScsiRequestDescriptor.QUEUE_ACTION_OFFSET, (byte) e.queueAction());
            b.putInt(P + VmScsiRequestDescriptor.SRB_FLAGS_OFFSET, e.srbFlags());
            b.putInt(P + VmScsiRequestDescriptor.TIME_OUT_VALUE_OFFSET, e.timeOutValue());
            b.putInt(P + VmScsiRequestDescriptor.QUEUE_SORT_KEY_OFFSET, e.queueSortKey());
        }
    }

    private static int u16(ByteBuffer b, int payloadOffset) {
        return Short.toUnsignedInt(b.getShort(P + payloadOffset));
    }

    private static long u32(ByteBuffer b, int payloadOffset) {
        return Integer.toUnsignedLong(b.getInt(P + payloadOffset));
    }

    private static int u8(ByteBuffer b, int srbOffset) {
        return Byte.toUnsignedInt(b.get(P + srbOffset));
    }
}
