package org.hvref.storage.protocol;

import static org.hvref.channel.protocol.Wire.concat;
import static org.hvref.channel.protocol.Wire.of;
import static org.hvref.channel.protocol.Wire.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hvref.channel.protocol.OpaqueBytes;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors for every vstor operation in both forms (devices-net-storage-pci.md §3.2), one comment per field.
 */
class VstorPacketCodecTest {
    private static final VstorPacketForm W8 = VstorPacketForm.WIN8;
    private static final VstorPacketForm PRE = VstorPacketForm.PRE_WIN8;

    static void assertGolden(byte[] golden, VstorPacket packet, VstorPayloadKind kind) {
        assertEquals(packet.form().packetLength(), golden.length, "golden length");
        assertArrayEquals(golden, VstorPacketCodec.encode(packet), "encode " + packet);
        assertEquals(packet, VstorPacketCodec.decode(golden, golden.length, packet.form(), kind), "decode");
        assertEquals(packet, VstorPacketCodec.decode(golden, golden.length, null, kind), "decode, form from length");
    }

    static void assertRequestGolden(byte[] golden, VstorPacket packet) {
        assertGolden(golden, packet, packet.payload().kind());
        assertEquals(packet, VstorPacketCodec.decodeRequest(golden, golden.length), "decodeRequest");
    }

    static MalformedStorvscPacketException reject(byte[] bytes, int length, VstorPacketError why) {
        MalformedStorvscPacketException e = assertThrows(MalformedStorvscPacketException.class,
                () -> VstorPacketCodec.decodeRequest(bytes, length));
        assertEquals(why, e.reason(), e.getMessage());
        return e;
    }

    // ------------------------------------------------------------------ EXECUTE_SRB and its completion

    /** READ(10) of 8 blocks at LBA 0x10 as Linux sends it to a Win8+ host (§3.5). */
    static final byte[] SRB_READ_WIN8 = concat(
        of(0x03, 0x00, 0x00, 0x00),                     // 0: operation = 3 EXECUTE_SRB
        of(0x01, 0x00, 0x00, 0x00),                     // 4: flags = 0x1 REQUEST_COMPLETION
        of(0x00, 0x00, 0x00, 0x00),                     // 8: status = 0
        of(0x34, 0x00),                                 // 12+0: vm_srb.length = 0x34
        of(0x00),                                       // 12+2: srb_status = 0
        of(0x00),                                       // 12+3: scsi_status = 0
        of(0x02),                                       // 12+4: port_number = 2
        of(0x00),                                       // 12+5: path_id = 0
        of(0x00),                                       // 12+6: target_id = 0
        of(0x01),                                       // 12+7: lun = 1
        of(0x0a),                                       // 12+8: cdb_length = 10
        of(0x14),                                       // 12+9: sense_info_length = 20
        of(0x01),                                       // 12+10: data_in = 1 READ
        of(0x00),                                       // 12+11: reserved = 0
        of(0x00, 0x10, 0x00, 0x00),                     // 12+12: data_transfer_length = 0x1000
        of(0x28, 0, 0, 0, 0, 0x10, 0, 0, 0x08, 0),      // 12+16: cdb READ(10) LBA 0x10, 8 blocks
        zeros(10),                                      // 12+26: rest of the 20-byte union
        of(0x00, 0x00),                                 // 12+36: reserve = 0
        of(0xff),                                       // 12+38: queue_tag = 0xFF SP_UNTAGGED
        of(0x20),                                       // 12+39: queue_action = 0x20 SIMPLE_TAG
        of(0x4a, 0x01, 0x00, 0x00),                     // 12+40: srb_flags = 0x14A
        of(0x3c, 0x00, 0x00, 0x00),                     // 12+44: time_out_value = 60
        of(0x00, 0x00, 0x00, 0x00));                    // 12+48: queue_sort_key = 0

    static final byte[] READ10 = {0x28, 0, 0, 0, 0, 0x10, 0, 0, 0x08, 0};
    static final VmScsiRequest.Win8Extension LINUX_EXT = new VmScsiRequest.Win8Extension(0,
            VmScsiRequest.Win8Extension.SP_UNTAGGED, VmScsiRequest.Win8Extension.SRB_SIMPLE_TAG_REQUEST,
            SrbFlags.DISABLE_SYNCH_TRANSFER | SrbFlags.QUEUE_ACTION_ENABLE | SrbFlags.NO_QUEUE_FREEZE
                    | SrbFlags.DATA_IN, 60, 0);

    static VstorPacket srbReadWin8() {
        VmScsiRequest r = VmScsiRequest.request(0, 0, 1, READ10, DataDirection.READ, 0x1000, W8, LINUX_EXT);
        return VstorPacket.request(W8, VstorOperation.EXECUTE_SRB, new VmScsiRequest(r.srbStatus(), r.scsiStatus(),
                2, r.pathId(), r.targetId(), r.lun(), r.cdbLength(), r.senseInfoLength(), r.dataIn(), r.reserved(),
                r.dataTransferLength(), r.cdbOrSense(), r.extension()));
    }

    @Test
    void shouldCodeExecuteSrbWin8() {
        VstorPacket p = srbReadWin8();
        assertRequestGolden(SRB_READ_WIN8, p);
        VmScsiRequest s = (VmScsiRequest) p.payload();
        assertArrayEquals(READ10, s.cdb());
        assertEquals(20, s.sense().length);
    }

    /** WRITE(10) of one block to a pre-Win8 host: 36-byte vm_srb, 18-byte sense (§3.2). */
    static final byte[] SRB_WRITE_PRE_WIN8 = concat(
        of(0x03, 0x00, 0x00, 0x00),                     // 0: operation = 3 EXECUTE_SRB
        of(0x01, 0x00, 0x00, 0x00),                     // 4: flags = 0x1 REQUEST_COMPLETION
        of(0x00, 0x00, 0x00, 0x00),                     // 8: status = 0
        of(0x24, 0x00),                                 // 12+0: vm_srb.length = 0x24
        of(0x00),                                       // 12+2: srb_status = 0
        of(0x00),                                       // 12+3: scsi_status = 0
        of(0x00),                                       // 12+4: port_number = 0
        of(0x01),                                       // 12+5: path_id = 1
        of(0x01),                                       // 12+6: target_id = 1
        of(0x00),                                       // 12+7: lun = 0
        of(0x0a),                                       // 12+8: cdb_length = 10
        of(0x12),                                       // 12+9: sense_info_length = 18
        of(0x00),                                       // 12+10: data_in = 0 WRITE
        of(0x00),                                       // 12+11: reserved = 0
        of(0x00, 0x02, 0x00, 0x00),                     // 12+12: data_transfer_length = 512
        of(0x2a, 0, 0, 0, 0, 0x07, 0, 0, 0x01, 0),      // 12+16: cdb WRITE(10) LBA 7, 1 block
        zeros(10));                                     // 12+26: rest of the union; no Win8 extension

    static final byte[] WRITE10 = {0x2a, 0, 0, 0, 0, 0x07, 0, 0, 0x01, 0};

    @Test
    void shouldCodeExecuteSrbPreWin8() {
        VstorPacket p = VstorPacket.request(PRE, VstorOperation.EXECUTE_SRB,
                VmScsiRequest.request(1, 1, 0, WRITE10, DataDirection.WRITE, 512, PRE, LINUX_EXT));
        assertRequestGolden(SRB_WRITE_PRE_WIN8, p);
        assertEquals(null, ((VmScsiRequest) p.payload()).extension());
    }

    static final byte[] SENSE_INVALID_CDB = of(0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x24, 0, 0, 0, 0, 0);

    /** A CHECK CONDITION completion with autosense from a Win8+ host (§3.5, §3.8). */
    static final byte[] SRB_COMPLETION_WIN8 = concat(
        of(0x01, 0x00, 0x00, 0x00),                     // 0: operation = 1 COMPLETE_IO
        of(0x00, 0x00, 0x00, 0x00),                     // 4: flags = 0
        of(0x85, 0x01, 0x00, 0xc0),                     // 8: status = 0xC0000185 IO_DEVICE_ERROR
        of(0x34, 0x00),                                 // 12+0: vm_srb.length = 0x34
        of(0x86),                                       // 12+2: srb_status = 0x86 AUTOSENSE_VALID | INVALID_REQUEST
        of(0x02),                                       // 12+3: scsi_status = 2 CHECK CONDITION
        of(0x00),                                       // 12+4: port_number = 0
        of(0x00),                                       // 12+5: path_id = 0
        of(0x00),                                       // 12+6: target_id = 0
        of(0x01),                                       // 12+7: lun = 1
        of(0x10),                                       // 12+8: cdb_length = 16
        of(0x14),                                       // 12+9: sense_info_length = 20
        of(0x01),                                       // 12+10: data_in = 1 READ
        of(0x00),                                       // 12+11: reserved = 0
        of(0x00, 0x00, 0x00, 0x00),                     // 12+12: data_transfer_length = 0 transferred
        SENSE_INVALID_CDB,                              // 12+16: sense 0x70, ILLEGAL REQUEST, ASC 0x24
        zeros(2),                                       // 12+34: sense bytes 18..19
        of(0x00, 0x00),                                 // 12+36: reserve = 0
        of(0xff),                                       // 12+38: queue_tag = 0xFF
        of(0x20),                                       // 12+39: queue_action = 0x20
        of(0x4a, 0x01, 0x00, 0x00),                     // 12+40: srb_flags = 0x14A
        of(0x3c, 0x00, 0x00, 0x00),                     // 12+44: time_out_value = 60
        of(0x00, 0x00, 0x00, 0x00));                    // 12+48: queue_sort_key = 0

    @Test
    void shouldCodeExecuteSrbCompletionWin8() {
        VmScsiRequest s = new VmScsiRequest(SrbStatus.AUTOSENSE_VALID | SrbStatus.INVALID_REQUEST,
                ScsiStatus.CHECK_CONDITION, 0, 0, 0, 1, 16, 20, DataDirection.READ, 0, 0,
                OpaqueBytes.of(concat(SENSE_INVALID_CDB, zeros(2))), LINUX_EXT);
        VstorPacket p = VstorPacket.completion(W8, VstorStatus.IO_DEVICE_ERROR, s);
        assertGolden(SRB_COMPLETION_WIN8, p, VstorPayloadKind.SRB);
        assertEquals(p, VstorPacketCodec.decodeCompletion(SRB_COMPLETION_WIN8, 64, VstorOperation.EXECUTE_SRB));
        assertEquals(SrbStatus.INVALID_REQUEST, s.srbStatusCode());
        assertArrayEquals(concat(SENSE_INVALID_CDB, zeros(2)), s.sense());
    }

    /** A GOOD completion with autosense flag clear from a pre-Win8 host: 18-byte sense size (§3.2). */
    static final byte[] SRB_COMPLETION_PRE_WIN8 = concat(
        of(0x01, 0x00, 0x00, 0x00),                     // 0: operation = 1 COMPLETE_IO
        of(0x00, 0x00, 0x00, 0x00),                     // 4: flags = 0
        of(0x00, 0x00, 0x00, 0x00),                     // 8: status = 0 SUCCESS
        of(0x24, 0x00),                                 // 12+0: vm_srb.length = 0x24
        of(0x01),                                       // 12+2: srb_status = 1 SUCCESS
        of(0x00),                                       // 12+3: scsi_status = 0 GOOD
        of(0x00),                                       // 12+4: port_number = 0
        of(0x01),                                       // 12+5: path_id = 1
        of(0x01),                                       // 12+6: target_id = 1
        of(0x00),                                       // 12+7: lun = 0
        of(0x0a),                                       // 12+8: cdb_length = 10
        of(0x12),                                       // 12+9: sense_info_length = 18
        of(0x00),                                       // 12+10: data_in = 0 WRITE
        of(0x00),                                       // 12+11: reserved = 0
        of(0x00, 0x02, 0x00, 0x00),                     // 12+12: data_transfer_length = 512 transferred
        zeros(20));                                     // 12+16: sense (none)

    @Test
    void shouldCodeExecuteSrbCompletionPreWin8() {
        VmScsiRequest s = new VmScsiRequest(SrbStatus.SUCCESS, ScsiStatus.GOOD, 0, 1, 1, 0, 10, 18,
                DataDirection.WRITE, 0, 512, OpaqueBytes.zeros(20), null);
        assertGolden(SRB_COMPLETION_PRE_WIN8, VstorPacket.completion(PRE, VstorStatus.SUCCESS, s),
                VstorPayloadKind.SRB);
    }

    // ------------------------------------------------------------------ initialization (§3.4)

    @Test
    void shouldCodeBeginInitialization() {
        byte[] w8 = concat(
            of(0x07, 0x00, 0x00, 0x00),                 // 0: operation = 7 BEGIN_INITIALIZATION
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] pre = concat(
            of(0x07, 0x00, 0x00, 0x00),                 // 0: operation = 7 BEGIN_INITIALIZATION
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.BEGIN_INITIALIZATION, OpaquePayload.zeros(W8)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.BEGIN_INITIALIZATION,
                OpaquePayload.zeros(PRE)));
    }

    @Test
    void shouldCodeEndInitialization() {
        byte[] w8 = concat(
            of(0x08, 0x00, 0x00, 0x00),                 // 0: operation = 8 END_INITIALIZATION
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] pre = concat(
            of(0x08, 0x00, 0x00, 0x00),                 // 0: operation = 8 END_INITIALIZATION
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.END_INITIALIZATION, OpaquePayload.zeros(W8)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.END_INITIALIZATION, OpaquePayload.zeros(PRE)));
    }

    @Test
    void shouldCodeCompleteIoOfAnInitStep() {
        byte[] w8 = concat(
            of(0x01, 0x00, 0x00, 0x00),                 // 0: operation = 1 COMPLETE_IO
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0 SUCCESS
            zeros(52));                                 // 12: payload, zero
        byte[] pre = concat(
            of(0x01, 0x00, 0x00, 0x00),                 // 0: operation = 1 COMPLETE_IO
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x84, 0x01, 0x00, 0xc0),                 // 8: status = 0xC0000184 INVALID_DEVICE_STATE
            zeros(36));                                 // 12: payload, zero
        assertGolden(w8, VstorPacket.completion(W8, VstorStatus.SUCCESS, OpaquePayload.zeros(W8)),
                VstorPayloadKind.OPAQUE);
        assertGolden(pre, VstorPacket.completion(PRE, VstorStatus.INVALID_DEVICE_STATE, OpaquePayload.zeros(PRE)),
                VstorPayloadKind.OPAQUE);
        assertEquals(VstorOperation.COMPLETE_IO, VstorPacketCodec.decodeRequest(w8, 64).operation());
        assertEquals(VstorOperation.COMPLETE_IO,
                VstorPacketCodec.decodeCompletion(pre, 48, VstorOperation.BEGIN_INITIALIZATION).operation());
    }

    @Test
    void shouldCodeQueryProtocolVersion() {
        byte[] w8 = concat(
            of(0x09, 0x00, 0x00, 0x00),                 // 0: operation = 9 QUERY_PROTOCOL_VERSION
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x02, 0x06),                             // 12+0: major_minor = 0x0602 (6.2)
            of(0x00, 0x00),                             // 12+2: revision = 0
            zeros(48));                                 // 12+4: rest of the union
        byte[] pre = concat(
            of(0x09, 0x00, 0x00, 0x00),                 // 0: operation = 9 QUERY_PROTOCOL_VERSION
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x02, 0x04),                             // 12+0: major_minor = 0x0402 (4.2)
            of(0x07, 0x00),                             // 12+2: revision = 7
            zeros(32));                                 // 12+4: rest of the union
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.QUERY_PROTOCOL_VERSION,
                VstorVersionPayload.of(VstorProtocolVersion.WIN10)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.QUERY_PROTOCOL_VERSION,
                new VstorVersionPayload(VstorProtocolVersion.WIN7, 7)));
    }

    @Test
    void shouldCodeQueryProtocolVersionRefusal() {
        byte[] w8 = concat(
            of(0x01, 0x00, 0x00, 0x00),                 // 0: operation = 1 COMPLETE_IO
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x59, 0x00, 0x00, 0xc0),                 // 8: status = 0xC0000059 REVISION_MISMATCH
            of(0x02, 0x06),                             // 12+0: major_minor = 6.2 echoed
            of(0x00, 0x00),                             // 12+2: revision = 0
            zeros(48));                                 // 12+4: rest of the union
        VstorPacket p = VstorPacket.completion(W8, VstorStatus.REVISION_MISMATCH,
                VstorVersionPayload.of(VstorProtocolVersion.WIN10));
        assertGolden(w8, p, VstorPayloadKind.VERSION);
        assertEquals(p, VstorPacketCodec.decodeCompletion(w8, 64, VstorOperation.QUERY_PROTOCOL_VERSION));
    }

    @Test
    void shouldCodeQueryProperties() {
        byte[] request = concat(
            of(0x0a, 0x00, 0x00, 0x00),                 // 0: operation = 10 QUERY_PROPERTIES
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: zeroed properties
        byte[] answer = concat(
            of(0x01, 0x00, 0x00, 0x00),                 // 0: operation = 1 COMPLETE_IO
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 12+0: reserved
            of(0x07, 0x00),                             // 12+4: max_channel_cnt = 7
            of(0x00, 0x00),                             // 12+6: reserved
            of(0x01, 0x00, 0x00, 0x00),                 // 12+8: flags = 0x1 SUPPORTS_MULTI_CHANNEL
            of(0x00, 0x00, 0x04, 0x00),                 // 12+12: max_transfer_bytes = 0x40000
            zeros(8),                                   // 12+16: reserved u64
            zeros(28));                                 // 12+24: rest of the union
        byte[] pre = concat(
            of(0x01, 0x00, 0x00, 0x00),                 // 0: operation = 1 COMPLETE_IO
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 12+0: reserved
            of(0x00, 0x00),                             // 12+4: max_channel_cnt = 0
            of(0x00, 0x00),                             // 12+6: reserved
            of(0x00, 0x00, 0x00, 0x00),                 // 12+8: flags = 0
            of(0x00, 0x00, 0x02, 0x00),                 // 12+12: max_transfer_bytes = 0x20000
            zeros(8),                                   // 12+16: reserved u64
            zeros(12));                                 // 12+24: rest of the union
        assertRequestGolden(request, VstorPacket.request(W8, VstorOperation.QUERY_PROPERTIES,
                StorageChannelProperties.NONE));
        StorageChannelProperties props = new StorageChannelProperties(7,
                StorageChannelProperties.SUPPORTS_MULTI_CHANNEL, StorageChannelProperties.OPENVMM_MAX_TRANSFER_BYTES);
        assertGolden(answer, VstorPacket.completion(W8, 0, props), VstorPayloadKind.PROPERTIES);
        assertEquals(props, VstorPacketCodec.decodeCompletion(answer, 64, VstorOperation.QUERY_PROPERTIES).payload());
        assertGolden(pre, VstorPacket.completion(PRE, 0, new StorageChannelProperties(0, 0, 0x20000)),
                VstorPayloadKind.PROPERTIES);
    }

    @Test
    void shouldCodeCreateSubChannels() {
        byte[] w8 = concat(
            of(0x0d, 0x00, 0x00, 0x00),                 // 0: operation = 13 CREATE_SUB_CHANNELS
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x03, 0x00),                             // 12+0: sub_channel_count = 3
            zeros(50));                                 // 12+2: rest of the union
        byte[] pre = concat(
            of(0x0d, 0x00, 0x00, 0x00),                 // 0: operation = 13 CREATE_SUB_CHANNELS
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x01, 0x01),                             // 12+0: sub_channel_count = 257
            zeros(34));                                 // 12+2: rest of the union
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.CREATE_SUB_CHANNELS, new SubChannelCount(3)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.CREATE_SUB_CHANNELS,
                new SubChannelCount(257)));
    }

    @Test
    void shouldCodeFcHbaData() {
        byte[] w8 = concat(
            of(0x0c, 0x00, 0x00, 0x00),                 // 0: operation = 12 FCHBA_DATA
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] pre = concat(
            of(0x0c, 0x00, 0x00, 0x00),                 // 0: operation = 12 FCHBA_DATA
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.FCHBA_DATA, OpaquePayload.zeros(W8)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.FCHBA_DATA, OpaquePayload.zeros(PRE)));
    }

    // ------------------------------------------------------------------ resets and host-initiated packets (§3.5)

    static byte[] pathIdUnion(int length, int pathId) {
        byte[] u = new byte[length];
        u[VmScsiRequestDescriptor.PATH_ID_OFFSET] = (byte) pathId;
        return u;
    }

    @Test
    void shouldCodeResetBusWithPathId() {
        byte[] w8 = concat(
            of(0x06, 0x00, 0x00, 0x00),                 // 0: operation = 6 RESET_BUS
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(5),                                   // 12+0: vm_srb.length .. target (zero, as Linux sends)
            of(0x03),                                   // 12+5: vm_srb.path_id = 3
            zeros(46));                                 // 12+6: rest of the union
        byte[] pre = concat(
            of(0x06, 0x00, 0x00, 0x00),                 // 0: operation = 6 RESET_BUS
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(5),                                   // 12+0: zero
            of(0x01),                                   // 12+5: vm_srb.path_id = 1
            zeros(30));                                 // 12+6: rest of the union
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.RESET_BUS,
                new OpaquePayload(OpaqueBytes.of(pathIdUnion(52, 3)))));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.RESET_BUS,
                new OpaquePayload(OpaqueBytes.of(pathIdUnion(36, 1)))));
    }

    @Test
    void shouldCodeResetLun() {
        byte[] w8 = concat(
            of(0x04, 0x00, 0x00, 0x00),                 // 0: operation = 4 RESET_LUN
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] pre = concat(
            of(0x04, 0x00, 0x00, 0x00),                 // 0: operation = 4 RESET_LUN
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.RESET_LUN, OpaquePayload.zeros(W8)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.RESET_LUN, OpaquePayload.zeros(PRE)));
    }

    @Test
    void shouldCodeResetAdapter() {
        byte[] w8 = concat(
            of(0x05, 0x00, 0x00, 0x00),                 // 0: operation = 5 RESET_ADAPTER
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] pre = concat(
            of(0x05, 0x00, 0x00, 0x00),                 // 0: operation = 5 RESET_ADAPTER
            of(0x01, 0x00, 0x00, 0x00),                 // 4: flags = 0x1
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        assertRequestGolden(w8, VstorPacket.request(W8, VstorOperation.RESET_ADAPTER, OpaquePayload.zeros(W8)));
        assertRequestGolden(pre, VstorPacket.request(PRE, VstorOperation.RESET_ADAPTER, OpaquePayload.zeros(PRE)));
    }

    @Test
    void shouldCodeHostInitiatedPacketsWithoutCompletionFlag() {
        byte[] enumerate = concat(
            of(0x0b, 0x00, 0x00, 0x00),                 // 0: operation = 11 ENUMERATE_BUS
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0 (no completion)
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] remove = concat(
            of(0x02, 0x00, 0x00, 0x00),                 // 0: operation = 2 REMOVE_DEVICE
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero (pre-Win8 form)
        byte[] removeW8 = concat(
            of(0x02, 0x00, 0x00, 0x00),                 // 0: operation = 2 REMOVE_DEVICE
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(52));                                 // 12: payload, zero
        byte[] enumeratePre = concat(
            of(0x0b, 0x00, 0x00, 0x00),                 // 0: operation = 11 ENUMERATE_BUS
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        byte[] event = concat(
            of(0x0e, 0x00, 0x00, 0x00),                 // 0: operation = 14 EVENT_NOTIFICATION
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            of(0x01, 0x00, 0x00, 0x00),                 // 12+0: lun 1, target 0, path 0, flags 0
            zeros(48));                                 // 12+4: rest of the union
        byte[] eventPre = concat(
            of(0x0e, 0x00, 0x00, 0x00),                 // 0: operation = 14 EVENT_NOTIFICATION
            of(0x00, 0x00, 0x00, 0x00),                 // 4: flags = 0
            of(0x00, 0x00, 0x00, 0x00),                 // 8: status = 0
            zeros(36));                                 // 12: payload, zero
        assertRequestGolden(enumerate, new VstorPacket(W8, VstorOperation.ENUMERATE_BUS, 0, 0, OpaquePayload.zeros(W8)));
        assertRequestGolden(enumeratePre, new VstorPacket(PRE, VstorOperation.ENUMERATE_BUS, 0, 0,
                OpaquePayload.zeros(PRE)));
        assertRequestGolden(remove, new VstorPacket(PRE, VstorOperation.REMOVE_DEVICE, 0, 0, OpaquePayload.zeros(PRE)));
        assertRequestGolden(removeW8, new VstorPacket(W8, VstorOperation.REMOVE_DEVICE, 0, 0, OpaquePayload.zeros(W8)));
        assertRequestGolden(event, new VstorPacket(W8, VstorOperation.EVENT_NOTIFICATION, 0, 0,
                new OpaquePayload(OpaqueBytes.of(concat(of(1), zeros(51))))));
        assertRequestGolden(eventPre, new VstorPacket(PRE, VstorOperation.EVENT_NOTIFICATION, 0, 0,
                OpaquePayload.zeros(PRE)));
    }

    @Test
    void shouldNumberOperationsOneToFourteen() {
        assertEquals(14, VstorOperation.values().length);
        for (VstorOperation op : VstorOperation.values()) {
            assertEquals(op.ordinal() + 1, op.code(), op.name());
            assertEquals(op, VstorOperation.of(op.code()).orElseThrow());
        }
        assertEquals(VstorOperation.EXECUTE_SRB, VstorOperation.of(3).orElseThrow());
        assertEquals(VstorOperation.EVENT_NOTIFICATION, VstorOperation.of(14).orElseThrow());
        assertEquals(java.util.Optional.empty(), VstorOperation.of(0));
        assertEquals(java.util.Optional.empty(), VstorOperation.of(15));
    }

    // ------------------------------------------------------------------ rejections

    @Test
    void shouldRejectBadSizes() {
        byte[] big = new byte[100];
        big[0] = 7;
        for (int n : new int[] {0, 4, 12, 40, 47, 49, 63, 65, 100}) {
            MalformedStorvscPacketException e = reject(big, n, VstorPacketError.BAD_SIZE);
            assertEquals("vstor packet: " + n + " bytes (expected: 48 or 64)", e.getMessage());
        }
        MalformedStorvscPacketException e = assertThrows(MalformedStorvscPacketException.class,
                () -> VstorPacketCodec.decode(SRB_WRITE_PRE_WIN8, 48, W8, null));
        assertEquals("vstor packet: 48 bytes (expected: 64 in form WIN8)", e.getMessage());
        assertEquals(VstorPacketError.BAD_SIZE, e.reason());
    }

    @Test
    void shouldRejectUnknownOperations() {
        for (int op : new int[] {0, 15, 0xFF, -1}) {
            byte[] p = SRB_READ_WIN8.clone();
            for (int i = 0; i < 4; i++) {
                p[i] = (byte) (op >> (8 * i));                  // operation u32 little-endian
            }
            MalformedStorvscPacketException e = reject(p, 64, VstorPacketError.UNKNOWN_OPERATION);
            assertEquals("vstor packet operation: " + Integer.toUnsignedString(op) + " (expected: 1..14)",
                    e.getMessage());
        }
    }

    @Test
    void shouldRejectUnknownFlags() {
        byte[] p = SRB_READ_WIN8.clone();
        p[4] = 3;
        assertEquals("vstor packet flags: 0x3 (expected: 0 or 0x1)",
                reject(p, 64, VstorPacketError.INVALID_FIELD).getMessage());
    }

    @Test
    void shouldRejectBadSrbFields() {
        byte[] len = SRB_READ_WIN8.clone();
        len[12] = 0x24;
        assertEquals("vm srb length: 36 (expected: 52 in form WIN8)",
                reject(len, 64, VstorPacketError.INVALID_FIELD).getMessage());
        byte[] preLen = SRB_WRITE_PRE_WIN8.clone();
        preLen[12] = 0x34;
        assertEquals("vm srb length: 52 (expected: 36 in form PRE_WIN8)",
                reject(preLen, 48, VstorPacketError.INVALID_FIELD).getMessage());
        byte[] cdb = SRB_READ_WIN8.clone();
        cdb[12 + 8] = 17;
        assertEquals("vm srb cdb length: 17 (expected: 0..16)",
                reject(cdb, 64, VstorPacketError.INVALID_FIELD).getMessage());
        byte[] sense = SRB_READ_WIN8.clone();
        sense[12 + 9] = 21;
        assertEquals("vm srb sense info length: 21 (expected: 0..20)",
                reject(sense, 64, VstorPacketError.INVALID_FIELD).getMessage());
        byte[] preSense = SRB_WRITE_PRE_WIN8.clone();
        preSense[12 + 9] = 19;
        assertEquals("vm srb sense info length: 19 (expected: <= 18 in form PRE_WIN8)",
                reject(preSense, 48, VstorPacketError.INVALID_FIELD).getMessage());
        byte[] dataIn = SRB_READ_WIN8.clone();
        dataIn[12 + 10] = 3;
        assertEquals("vm srb data in: 3 (expected: 0, 1 or 2)",
                reject(dataIn, 64, VstorPacketError.INVALID_FIELD).getMessage());
    }

    @Test
    void shouldReadOnlyTheGivenLength() {
        byte[] longer = concat(SRB_WRITE_PRE_WIN8, of(0xEE, 0xEE, 0xEE, 0xEE));
        assertEquals(VstorPacketCodec.decodeRequest(SRB_WRITE_PRE_WIN8, 48), VstorPacketCodec.decodeRequest(longer, 48));
        assertThrows(IllegalArgumentException.class, () -> VstorPacketCodec.decodeRequest(new byte[10], 11));
    }

    @Test
    void shouldRefuseRecordsThatDoNotFitTheirForm() {
        VmScsiRequest w8 = (VmScsiRequest) srbReadWin8().payload();
        assertThrows(IllegalArgumentException.class, () -> VstorPacket.request(PRE, VstorOperation.EXECUTE_SRB, w8));
        assertThrows(IllegalArgumentException.class,
                () -> VstorPacket.request(W8, VstorOperation.BEGIN_INITIALIZATION, OpaquePayload.zeros(PRE)));
        assertThrows(IllegalArgumentException.class, () -> VmScsiRequest.request(0, 0, 0, new byte[17],
                DataDirection.NONE, 0, W8, LINUX_EXT));
        assertThrows(IllegalArgumentException.class, () -> new SubChannelCount(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new StorageChannelProperties(0, 0, 1L << 32));
    }
}
