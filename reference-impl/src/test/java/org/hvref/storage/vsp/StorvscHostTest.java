package org.hvref.storage.vsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.VmbusPacket;
import org.hvref.storage.StorvscLoopback;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.OpaquePayload;
import org.hvref.storage.protocol.SrbStatus;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VmScsiRequest;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.protocol.VstorVersionPayload;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiDiskIdentity;
import org.hvref.storage.scsi.ScsiTarget;
import org.hvref.storage.session.StorvscHostState;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.trace.RecordingTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VSP against a raw (hostile) guest: init answers, EXECUTE_SRB data paths, refused packets, notifications. */
class StorvscHostTest {
    @TempDir
    Path dir;

    private StorvscLoopback loop;
    private StorvscLoopback.Capture guest;
    private StorvscHost host;
    private RecordingTracer tracer;
    private DiskImage image;

    @BeforeEach
    void setUp() throws IOException {
        loop = new StorvscLoopback();
        image = DiskImages.create(dir.resolve("d.raw"), DiskFormat.RAW, 1 << 20, false);
        ScsiTarget target = new ScsiTarget();
        target.attach(0, new ScsiDisk(image, new ScsiDiskIdentity(new java.util.UUID(1, 2), "")));
        tracer = new RecordingTracer();
        host = new StorvscHost(StorvscDeviceClass.SCSI, VstorProtocolVersion.OPENVMM_ACCEPTS, 2, target, loop.memory,
                new StorvscTrace(tracer), -1);
        host.opened(loop.host(host));
        guest = new StorvscLoopback.Capture();
        loop.guest(guest);
    }

    @AfterEach
    void tearDown() throws IOException {
        image.close();
    }

    private VstorPacket answer(VmbusPacket request, VstorOperation answered) {
        int before = guest.packets.size();
        loop.guest.send(request);
        loop.run();
        assertEquals(before + 1, guest.packets.size(), "one answer");
        CompletionPacket c = assertInstanceOf(CompletionPacket.class, guest.packets.get(before));
        assertEquals(request.transactionId(), c.transactionId(), "trans id echoed");
        byte[] p = c.payload();
        return VstorPacketCodec.decodeCompletion(p, p.length, answered);
    }

    private static int status(byte[] p) {
        return p[8] & 0xFF | (p[9] & 0xFF) << 8 | (p[10] & 0xFF) << 16 | (p[11] & 0xFF) << 24;
    }

    private static InBandPacket inBand(long id, VstorPacket p) {
        return new InBandPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, id, VstorPacketCodec.encode(p));
    }

    private void init(VstorProtocolVersion v) {
        VstorPacketForm w = VstorPacketForm.WIN8;
        assertEquals(VstorStatus.SUCCESS, answer(inBand(99, VstorPacket.request(w, VstorOperation.BEGIN_INITIALIZATION,
                OpaquePayload.zeros(w))), VstorOperation.BEGIN_INITIALIZATION).status());
        assertEquals(VstorStatus.REVISION_MISMATCH, answer(inBand(99, VstorPacket.request(w,
                VstorOperation.QUERY_PROTOCOL_VERSION, VstorVersionPayload.of(VstorProtocolVersion.WIN10))),
                VstorOperation.QUERY_PROTOCOL_VERSION).status(), "openvmm does not accept 6.2");
        assertEquals(VstorStatus.SUCCESS, answer(inBand(99, VstorPacket.request(w,
                VstorOperation.QUERY_PROTOCOL_VERSION, VstorVersionPayload.of(v))),
                VstorOperation.QUERY_PROTOCOL_VERSION).status());
        VstorPacketForm f = v.form();
        VstorPacket props = answer(inBand(99, VstorPacket.request(f, VstorOperation.QUERY_PROPERTIES,
                StorageChannelProperties.NONE)), VstorOperation.QUERY_PROPERTIES);
        assertEquals(v.isAtLeast(VstorProtocolVersion.WIN8) && host.deviceClass() == StorvscDeviceClass.SCSI,
                ((StorageChannelProperties) props.payload()).supportsMultiChannel(), "SCSI host offers 2 sub-channels");
        assertEquals(VstorStatus.SUCCESS, answer(inBand(99, VstorPacket.request(f, VstorOperation.END_INITIALIZATION,
                OpaquePayload.zeros(f))), VstorOperation.END_INITIALIZATION).status());
        assertEquals(StorvscHostState.READY, host.state());
    }

    private static VstorPacket srb(VstorPacketForm f, int lun, byte[] cdb, DataDirection dir, long length) {
        return VstorPacket.request(f, VstorOperation.EXECUTE_SRB, VmScsiRequest.request(0, 0, lun, cdb, dir, length, f,
                VmScsiRequest.Win8Extension.ZERO));
    }

    private static byte[] rw10(int op, long lba, int blocks) {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) op;
        cdb[2] = (byte) (lba >>> 24);
        cdb[3] = (byte) (lba >>> 16);
        cdb[4] = (byte) (lba >>> 8);
        cdb[5] = (byte) lba;
        cdb[7] = (byte) (blocks >>> 8);
        cdb[8] = (byte) blocks;
        return cdb;
    }

    @Test
    void shouldMoveDataThroughEveryPageOfTheRangeFromItsFirstPageOffset() {
        init(VstorProtocolVersion.WIN8_1);
        byte[] data = new byte[3 * 4096];
        new java.util.Random(1).nextBytes(data);
        long[] out = {20, 31, 25, 40}; // offset 1000: 3 pages of data span 4 pages, not contiguous
        long at = 1000;
        for (int i = 0; i < data.length; ) {
            int page = (int) ((at + i) / 4096);
            int in = (int) ((at + i) % 4096);
            int n = Math.min(data.length - i, 4096 - in);
            loop.memory.write(out[page] * 4096 + in, data, i, n);
            i += n;
        }
        VstorPacketForm f = VstorPacketForm.WIN8;
        VstorPacket w = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 5,
                List.of(new GpaRange(data.length, at, out)), VstorPacketCodec.encode(srb(f, 0, rw10(0x2A, 8, 24),
                DataDirection.WRITE, data.length))), VstorOperation.EXECUTE_SRB);
        VmScsiRequest ws = (VmScsiRequest) w.payload();
        assertEquals(SrbStatus.SUCCESS, ws.srbStatus());
        assertEquals(data.length, ws.dataTransferLength());
        long[] in = {50, 51, 60, 33};
        VstorPacket r = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 6,
                List.of(new GpaRange(data.length, 200, in)), VstorPacketCodec.encode(srb(f, 0, rw10(0x28, 8, 24),
                DataDirection.READ, data.length))), VstorOperation.EXECUTE_SRB);
        assertEquals(SrbStatus.SUCCESS, ((VmScsiRequest) r.payload()).srbStatus());
        byte[] back = new byte[data.length];
        for (int i = 0; i < back.length; ) {
            int page = (int) ((200 + i) / 4096);
            int o = (int) ((200 + i) % 4096);
            int n = Math.min(back.length - i, 4096 - o);
            loop.memory.read(in[page] * 4096 + o, back, i, n);
            i += n;
        }
        assertArrayEquals(data, back);
        assertEquals(64, ((CompletionPacket) guest.packets.get(guest.packets.size() - 1)).payload().length,
                "full Win8+ packet: 12 + 52");
    }

    @Test
    void shouldAnswerAbsentLunsWithInvalidLunAndOutOfRangeWithSenseInThePreWin8Size() {
        init(VstorProtocolVersion.WIN7);
        VstorPacketForm f = VstorPacketForm.PRE_WIN8;
        VstorPacket absent = answer(inBand(7, srb(f, 4, new byte[6], DataDirection.NONE, 0)),
                VstorOperation.EXECUTE_SRB);
        VmScsiRequest a = (VmScsiRequest) absent.payload();
        assertEquals(SrbStatus.INVALID_LUN | SrbStatus.AUTOSENSE_VALID, a.srbStatus());
        assertEquals(2, a.scsiStatus());
        assertEquals(48, ((CompletionPacket) guest.packets.get(guest.packets.size() - 1)).payload().length,
                "full pre-Win8 packet: 12 + 36");
        VstorPacket oor = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 8,
                List.of(new GpaRange(512, 0, new long[] {20})), VstorPacketCodec.encode(srb(f, 0,
                rw10(0x28, 2048, 1), DataDirection.READ, 512))), VstorOperation.EXECUTE_SRB);
        VmScsiRequest o = (VmScsiRequest) oor.payload();
        assertEquals(SrbStatus.ERROR | SrbStatus.AUTOSENSE_VALID, o.srbStatus());
        assertEquals(18, o.senseInfoLength());
        byte[] sense = o.sense();
        assertEquals(0x70, sense[0] & 0xFF);
        assertEquals(0x05, sense[2] & 0x0F, "ILLEGAL REQUEST");
        assertEquals(0x21, sense[12] & 0xFF, "LBA OUT OF RANGE");
        assertEquals(0, o.dataTransferLength());
    }

    @Test
    void shouldRefuseHostileSrbPacketsWithErrorStatusAndKeepServing() {
        init(VstorProtocolVersion.WIN8_1);
        VstorPacketForm f = VstorPacketForm.WIN8;
        byte[] read8 = VstorPacketCodec.encode(srb(f, 0, rw10(0x28, 0, 8), DataDirection.READ, 4096));
        // two ranges
        VstorPacket two = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 11, List.of(
                new GpaRange(2048, 0, new long[] {20}), new GpaRange(2048, 0, new long[] {21})), read8),
                VstorOperation.EXECUTE_SRB);
        assertEquals(VstorStatus.INVALID_PARAMETER, two.status());
        assertEquals(SrbStatus.INVALID_REQUEST, ((VmScsiRequest) two.payload()).srbStatus());
        assertEquals(StorvscHostError.BAD_RANGE_COUNT, host.recentErrors().get(0).reason());
        // range shorter than data_transfer_length
        VstorPacket shortRange = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 12,
                List.of(new GpaRange(4000, 0, new long[] {20})), read8), VstorOperation.EXECUTE_SRB);
        assertEquals(VstorStatus.INVALID_PARAMETER, shortRange.status());
        assertEquals(StorvscHostError.SHORT_RANGE, host.recentErrors().get(1).reason());
        // data but no range
        VstorPacket noRange = answer(inBand(13, srb(f, 0, rw10(0x28, 0, 8), DataDirection.READ, 4096)),
                VstorOperation.EXECUTE_SRB);
        assertEquals(VstorStatus.INVALID_PARAMETER, noRange.status());
        assertEquals(StorvscHostError.MISSING_RANGE, host.recentErrors().get(2).reason());
        // a page outside guest memory
        VstorPacket badPfn = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 14,
                List.of(new GpaRange(4096, 0, new long[] {1L << 30})), read8), VstorOperation.EXECUTE_SRB);
        assertEquals(VstorStatus.INVALID_PARAMETER, badPfn.status());
        assertEquals(StorvscHostError.BAD_PFN, host.recentErrors().get(3).reason());
        // bad size: 30 bytes of vstor packet
        int before = guest.packets.size();
        loop.guest.send(new InBandPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 15,
                java.util.Arrays.copyOf(read8, 30)));
        loop.run();
        CompletionPacket bad = (CompletionPacket) guest.packets.get(before);
        assertEquals(15, bad.transactionId());
        assertEquals(VstorStatus.INVALID_PARAMETER, status(bad.payload()));
        assertEquals(StorvscHostError.MALFORMED, host.recentErrors().get(4).reason());
        // no completion requested: nobody to answer
        loop.guest.send(new InBandPacket(0, 16, VstorPacketCodec.encode(srb(f, 0, new byte[6], DataDirection.NONE,
                0))));
        loop.run();
        assertEquals(before + 1, guest.packets.size(), "no answer without a transaction");
        assertEquals(StorvscHostError.NOT_TRANSACTIONAL, host.recentErrors().get(5).reason());
        // a completion from the guest
        loop.guest.send(new CompletionPacket(0, 17, new byte[64]));
        loop.run();
        assertEquals(StorvscHostError.COMPLETION_FROM_GUEST, host.recentErrors().get(6).reason());
        assertEquals(7, host.refusedPackets());
        assertEquals(7, loop.host.protocolErrors(), "each refusal recorded by the endpoint");
        assertTrue(tracer.events().stream().noneMatch(e -> e.action().equals("HostRcvSrb")),
                "refused packets record no event");
        // and the channel keeps serving
        VstorPacket ok = answer(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 18,
                List.of(new GpaRange(4096, 0, new long[] {20})), read8), VstorOperation.EXECUTE_SRB);
        assertEquals(SrbStatus.SUCCESS, ((VmScsiRequest) ok.payload()).srbStatus());
        assertEquals(4096, ((VmScsiRequest) ok.payload()).dataTransferLength());
    }

    @Test
    void shouldAnswerAnSrbBeforeReadyWithInvalidDeviceState() {
        loop.guest.send(inBand(3, srb(VstorPacketForm.WIN8, 0, new byte[6], DataDirection.NONE, 0)));
        loop.run();
        byte[] early = ((CompletionPacket) guest.packets.get(0)).payload();
        assertEquals(64, early.length);
        assertEquals(VstorStatus.INVALID_DEVICE_STATE, status(early));
        assertEquals("HostRcvSrb", tracer.events().get(0).action());
        assertEquals("invalidState", tracer.events().get(0).get("st"));
    }

    @Test
    void shouldNotifyHotAddAndRemoveWithIdZeroAndNoCompletion() throws IOException {
        init(VstorProtocolVersion.WIN8_1);
        try (DiskImage second = DiskImages.create(dir.resolve("e.raw"), DiskFormat.RAW, 1 << 20, false)) {
            host.hotAdd(3, new ScsiDisk(second, new ScsiDiskIdentity(new java.util.UUID(3, 4), "")));
            host.hotRemove(3);
            loop.run();
            List<VmbusPacket> notes = guest.packets.subList(guest.packets.size() - 2, guest.packets.size());
            int[] ops = {VstorOperation.ENUMERATE_BUS.code(), VstorOperation.REMOVE_DEVICE.code()};
            for (int i = 0; i < 2; i++) {
                InBandPacket n = assertInstanceOf(InBandPacket.class, notes.get(i));
                assertEquals(0, n.transactionId());
                assertEquals(0, n.flags());
                assertEquals(ops[i], n.payload()[0]);
            }
            assertEquals(List.of(0), host.target().luns());
        }
    }

    @Test
    void shouldRefuseCreateSubChannelsOnIdeAndForceThePathId() {
        ScsiTarget target = new ScsiTarget();
        target.attach(0, new ScsiDisk(image, new ScsiDiskIdentity(new java.util.UUID(5, 6), "")));
        host = new StorvscHost(StorvscDeviceClass.IDE, VstorProtocolVersion.OPENVMM_ACCEPTS, 0, target, loop.memory,
                new StorvscTrace(tracer), 1);
        host.opened(loop.host(host));
        init(VstorProtocolVersion.WIN8_1);
        VstorPacketForm f = VstorPacketForm.WIN8;
        VstorPacket sub = answer(inBand(40, VstorPacket.request(f, VstorOperation.CREATE_SUB_CHANNELS,
                new org.hvref.storage.protocol.SubChannelCount(1))), VstorOperation.CREATE_SUB_CHANNELS);
        assertEquals(VstorStatus.INVALID_PARAMETER, sub.status());
        VstorPacket tur = answer(inBand(41, srb(f, 0, new byte[6], DataDirection.NONE, 0)), VstorOperation.EXECUTE_SRB);
        assertEquals(1, ((VmScsiRequest) tur.payload()).pathId(), "path id forced to the IDE channel");
        assertEquals(SrbStatus.SUCCESS, ((VmScsiRequest) tur.payload()).srbStatus());
    }
}
