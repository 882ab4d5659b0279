package org.hvref.storage.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.OpaquePayload;
import org.hvref.storage.protocol.ScsiStatus;
import org.hvref.storage.protocol.SrbStatus;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.SubChannelCount;
import org.hvref.storage.protocol.VmScsiRequest;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorPayloadKind;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.protocol.VstorVersionPayload;
import org.junit.jupiter.api.Test;

/** The StorVSC initialization of devices-net-storage-pci.md §3.4, guest against host and each against a hostile peer. */
class StorvscSessionTest {
    private static final VstorPacketForm W8 = VstorPacketForm.WIN8;

    /** What crossed the channel, as wire bytes. */
    record Exchange(List<VstorPacket> requests, List<VstorPacket> completions, List<StorvscHostEvent> events) {
    }

    /** Runs the guest against the host through the codec until the guest stops asking. */
    static Exchange run(StorvscGuestProtocol guest, StorvscHostProtocol host) {
        Exchange x = new Exchange(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Optional<VstorPacket> next = Optional.of(guest.start());
        while (next.isPresent()) {
            byte[] request = VstorPacketCodec.encode(next.get());
            x.requests().add(next.get());
            StorvscHostStep step = host.onPacket(request, request.length);
            assertTrue(step.rejected().isEmpty(), () -> "host rejected " + step.rejected());
            x.events().add(step.event());
            VstorPacket completion = step.completion().orElseThrow();
            x.completions().add(completion);
            byte[] wire = VstorPacketCodec.encode(completion);
            next = guest.onCompletion(wire, wire.length);
        }
        return x;
    }

    static List<VstorOperation> ops(List<VstorPacket> packets) {
        return packets.stream().map(VstorPacket::operation).toList();
    }

    @Test
    void shouldNegotiateLinuxAgainstOpenvmmTo60WithSubChannels() {
        StorvscGuestProtocol guest = new StorvscGuestProtocol(4);
        StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI, 8);
        Exchange x = run(guest, host);
        assertEquals(List.of(VstorOperation.BEGIN_INITIALIZATION, VstorOperation.QUERY_PROTOCOL_VERSION,
                VstorOperation.QUERY_PROTOCOL_VERSION, VstorOperation.QUERY_PROPERTIES,
                VstorOperation.END_INITIALIZATION, VstorOperation.CREATE_SUB_CHANNELS), ops(x.requests()));
        assertEquals(VstorVersionPayload.of(VstorProtocolVersion.WIN10), x.requests().get(1).payload(), "6.2 first");
        assertEquals(VstorStatus.REVISION_MISMATCH, x.completions().get(1).status(), "openvmm refuses 6.2");
        assertEquals(VstorVersionPayload.of(VstorProtocolVersion.WIN8_1), x.requests().get(2).payload());
        assertEquals(new SubChannelCount(3), x.requests().get(5).payload(), "min(cpus - 1, 8)");
        assertEquals(new StorvscHostEvent.Ready(VstorProtocolVersion.WIN8_1), x.events().get(4));
        assertEquals(new StorvscHostEvent.SubChannelsRequested(3), x.events().get(5));
        assertEquals(StorvscGuestState.READY, guest.state());
        assertEquals(StorvscHostState.READY, host.state());
        assertEquals(Optional.of(VstorProtocolVersion.WIN8_1), guest.version());
        assertEquals(Optional.of(VstorProtocolVersion.WIN8_1), host.version());
        assertEquals(3, guest.subChannels());
        assertEquals(new StorageChannelProperties(8, StorageChannelProperties.SUPPORTS_MULTI_CHANNEL, 0x40000),
                guest.properties().orElseThrow());
        for (VstorPacket p : x.requests()) {
            assertEquals(W8, p.form());
            assertTrue(p.completionRequested());
        }
        for (VstorPacket c : x.completions()) {
            assertEquals(VstorOperation.COMPLETE_IO, c.operation());
            assertEquals(0, c.flags());
        }
    }

    @Test
    void shouldNotAskForSubChannelsOnIdeOrWithOneCpu() {
        StorvscGuestProtocol guest = new StorvscGuestProtocol(8);
        Exchange x = run(guest, new StorvscHostProtocol(StorvscDeviceClass.IDE, 0));
        assertEquals(VstorOperation.END_INITIALIZATION, x.requests().get(x.requests().size() - 1).operation());
        assertFalse(guest.properties().orElseThrow().supportsMultiChannel());
        assertEquals(0, guest.subChannels());
        StorvscGuestProtocol single = new StorvscGuestProtocol(1);
        Exchange y = run(single, new StorvscHostProtocol(StorvscDeviceClass.SCSI, 8));
        assertEquals(VstorOperation.END_INITIALIZATION, y.requests().get(y.requests().size() - 1).operation());
        assertEquals(StorvscGuestState.READY, single.state());
        assertThrows(IllegalArgumentException.class, () -> new StorvscHostProtocol(StorvscDeviceClass.IDE, 1));
    }

    @Test
    void shouldSwitchToThePreWin8FormAfterAgreeingOn42() {
        StorvscGuestProtocol guest = new StorvscGuestProtocol(List.of(VstorProtocolVersion.WIN7), 4);
        StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI, 8);
        Exchange x = run(guest, host);
        assertEquals(Optional.of(VstorProtocolVersion.WIN7), guest.version());
        assertEquals(VstorPacketForm.PRE_WIN8, x.requests().get(2).form(), "QUERY_PROPERTIES after 4.2");
        assertEquals(VstorPacketForm.PRE_WIN8, x.completions().get(2).form());
        assertEquals(48, VstorPacketCodec.encode(x.requests().get(3)).length);
        assertEquals(0, guest.properties().orElseThrow().maxChannelCount(), "no multi-channel below 5.1");
        assertEquals(0, guest.subChannels());
        assertEquals(StorvscGuestState.READY, guest.state());
    }

    @Test
    void shouldFailWhenNoVersionIsAccepted() {
        StorvscGuestProtocol guest = new StorvscGuestProtocol(4);
        StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI,
                List.of(VstorProtocolVersion.WIN6), 0, 0x40000);
        StorvscSessionException e = assertThrows(StorvscSessionException.class, () -> run(guest, host));
        assertEquals(StorvscSessionError.NO_COMMON_VERSION, e.reason());
        assertEquals(StorvscGuestState.FAILED, guest.state());
        assertEquals(StorvscHostState.QUERY_VERSION, host.state(), "the host waits for another offer");
    }

    // ------------------------------------------------------------------ host against a hostile guest

    static StorvscHostStep send(StorvscHostProtocol host, VstorPacket p) {
        byte[] b = VstorPacketCodec.encode(p);
        return host.onPacket(b, b.length);
    }

    static int status(StorvscHostStep step) {
        return step.completion().orElseThrow().status();
    }

    static StorvscHostProtocol readyHost() {
        StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI, 2);
        run(new StorvscGuestProtocol(List.of(VstorProtocolVersion.WIN8), 1), host);
        assertEquals(StorvscHostState.READY, host.state());
        return host;
    }

    @Test
    void shouldCompleteOutOfOrderPacketsWithInvalidDeviceStateAndStay() {
        StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI, 2);
        VmScsiRequest srb = VmScsiRequest.request(0, 0, 0, new byte[] {0, 0, 0, 0, 0, 0}, DataDirection.NONE, 0, W8,
                VmScsiRequest.Win8Extension.ZERO);
        for (VstorPacket p : List.of(VstorPacket.request(W8, VstorOperation.EXECUTE_SRB, srb),
                VstorPacket.request(W8, VstorOperation.QUERY_PROPERTIES, StorageChannelProperties.NONE),
                VstorPacket.request(W8, VstorOperation.END_INITIALIZATION, OpaquePayload.zeros(W8)),
                VstorPacket.request(W8, VstorOperation.QUERY_PROTOCOL_VERSION,
                        VstorVersionPayload.of(VstorProtocolVersion.WIN8)),
                VstorPacket.request(W8, VstorOperation.RESET_BUS, OpaquePayload.zeros(W8)),
                VstorPacket.request(W8, VstorOperation.CREATE_SUB_CHANNELS, new SubChannelCount(1)))) {
            StorvscHostStep step = send(host, p);
            assertEquals(VstorStatus.INVALID_DEVICE_STATE, status(step), p.operation().name());
            assertEquals(new StorvscHostEvent.None(), step.event());
            assertEquals(StorvscHostState.BEGIN, host.state());
        }
        send(host, VstorPacket.request(W8, VstorOperation.BEGIN_INITIALIZATION, OpaquePayload.zeros(W8)));
        assertEquals(VstorStatus.INVALID_DEVICE_STATE, status(send(host,
                VstorPacket.request(W8, VstorOperation.BEGIN_INITIALIZATION, OpaquePayload.zeros(W8)))));
        assertEquals(StorvscHostState.QUERY_VERSION, host.state());
    }

    @Test
    void shouldAnswerMalformedBytesWithInvalidParameter() {
        StorvscHostProtocol host = new StorvscHostProtocol(StorvscDeviceClass.SCSI, 2);
        StorvscHostStep step = host.onPacket(new byte[40], 40);
        assertEquals(VstorStatus.INVALID_PARAMETER, status(step));
        assertEquals("vstor packet: 40 bytes (expected: 48 or 64)", step.rejected().orElseThrow().getMessage());
        assertEquals(StorvscHostState.BEGIN, host.state());
        StorvscHostProtocol ready = readyHost();
        byte[] pre = VstorPacketCodec.encode(VstorPacket.request(VstorPacketForm.PRE_WIN8,
                VstorOperation.RESET_LUN, OpaquePayload.zeros(VstorPacketForm.PRE_WIN8)));
        StorvscHostStep wrongForm = ready.onPacket(pre, pre.length);
        assertEquals(VstorStatus.INVALID_PARAMETER, status(wrongForm), "48 bytes after agreeing on 5.1");
        assertEquals(W8, wrongForm.completion().orElseThrow().form());
    }

    @Test
    void shouldRefuseHostOnlyOperationsAndBadSubChannelCounts() {
        StorvscHostProtocol host = readyHost();
        for (VstorOperation op : List.of(VstorOperation.COMPLETE_IO, VstorOperation.REMOVE_DEVICE,
                VstorOperation.ENUMERATE_BUS, VstorOperation.EVENT_NOTIFICATION)) {
            assertEquals(VstorStatus.INVALID_DEVICE_REQUEST,
                    status(send(host, VstorPacket.request(W8, op, OpaquePayload.zeros(W8)))), op.name());
        }
        for (int bad : new int[] {0, 3, 0xFFFF}) {
            assertEquals(VstorStatus.INVALID_PARAMETER, status(send(host,
                    VstorPacket.request(W8, VstorOperation.CREATE_SUB_CHANNELS, new SubChannelCount(bad)))));
        }
        StorvscHostStep ok = send(host, VstorPacket.request(W8, VstorOperation.CREATE_SUB_CHANNELS,
                new SubChannelCount(2)));
        assertEquals(VstorStatus.SUCCESS, status(ok));
        assertEquals(new StorvscHostEvent.SubChannelsRequested(2), ok.event());
        assertEquals(StorvscHostState.READY, host.state());
    }

    @Test
    void shouldHandExecuteSrbToTheOwnerAndCompleteResetsAtOnce() {
        StorvscHostProtocol host = readyHost();
        VmScsiRequest srb = VmScsiRequest.request(0, 0, 1, new byte[] {0x28, 0, 0, 0, 0, 1, 0, 0, 1, 0},
                DataDirection.READ, 512, W8, VmScsiRequest.Win8Extension.ZERO);
        StorvscHostStep step = send(host, VstorPacket.request(W8, VstorOperation.EXECUTE_SRB, srb));
        assertTrue(step.completion().isEmpty());
        assertEquals(new StorvscHostEvent.ExecuteSrb(srb), step.event());
        VmScsiRequest done = new VmScsiRequest(SrbStatus.ERROR | SrbStatus.AUTOSENSE_VALID,
                ScsiStatus.CHECK_CONDITION, 0, 0, 0, 1, 10, 20, DataDirection.READ, 0, 0, srb.cdbOrSense(),
                srb.extension());
        VstorPacket completion = host.srbCompletion(done);
        assertEquals(VstorStatus.IO_DEVICE_ERROR, completion.status());
        byte[] wire = VstorPacketCodec.encode(completion);
        assertEquals(completion, VstorPacketCodec.decodeCompletion(wire, wire.length, VstorOperation.EXECUTE_SRB));
        for (VstorOperation reset : List.of(VstorOperation.RESET_LUN, VstorOperation.RESET_ADAPTER,
                VstorOperation.RESET_BUS)) {
            assertEquals(VstorStatus.SUCCESS, status(send(host, VstorPacket.request(W8, reset,
                    OpaquePayload.zeros(W8)))), reset.name());
        }
        host.reset();
        assertEquals(StorvscHostState.BEGIN, host.state());
        assertEquals(Optional.empty(), host.version());
        assertThrows(IllegalStateException.class, () -> host.srbCompletion(done));
    }

    @Test
    void shouldMapSrbStatusToNtStatusLikeOpenvmm() {
        assertEquals(VstorStatus.SUCCESS, VstorStatus.ofSrbStatus(SrbStatus.SUCCESS));
        assertEquals(VstorStatus.SUCCESS, VstorStatus.ofSrbStatus(SrbStatus.SUCCESS | SrbStatus.QUEUE_FROZEN));
        assertEquals(VstorStatus.DEVICE_BUSY, VstorStatus.ofSrbStatus(SrbStatus.BUSY));
        assertEquals(VstorStatus.DEVICE_DOES_NOT_EXIST, VstorStatus.ofSrbStatus(SrbStatus.INVALID_LUN));
        assertEquals(VstorStatus.DEVICE_DOES_NOT_EXIST, VstorStatus.ofSrbStatus(SrbStatus.NO_HBA));
        assertEquals(VstorStatus.IO_TIMEOUT, VstorStatus.ofSrbStatus(SrbStatus.COMMAND_TIMEOUT));
        assertEquals(VstorStatus.DEVICE_NOT_CONNECTED, VstorStatus.ofSrbStatus(SrbStatus.SELECTION_TIMEOUT));
        assertEquals(VstorStatus.INVALID_DEVICE_REQUEST, VstorStatus.ofSrbStatus(SrbStatus.BAD_SRB_BLOCK_LENGTH));
        assertEquals(VstorStatus.BUFFER_OVERFLOW, VstorStatus.ofSrbStatus(SrbStatus.DATA_OVERRUN));
        assertEquals(VstorStatus.UNSUCCESSFUL, VstorStatus.ofSrbStatus(SrbStatus.REQUEST_FLUSHED));
        assertEquals(VstorStatus.CANCELLED, VstorStatus.ofSrbStatus(SrbStatus.ABORTED | SrbStatus.AUTOSENSE_VALID));
        assertEquals(VstorStatus.IO_DEVICE_ERROR, VstorStatus.ofSrbStatus(SrbStatus.INTERNAL_ERROR));
    }

    // ------------------------------------------------------------------ guest against a hostile host

    static StorvscSessionException guestRejects(StorvscGuestProtocol guest, VstorPacket answer,
            StorvscSessionError why) {
        byte[] b = VstorPacketCodec.encode(answer);
        StorvscSessionException e = assertThrows(StorvscSessionException.class,
                () -> guest.onCompletion(b, b.length));
        assertEquals(why, e.reason(), e.getMessage());
        assertEquals(StorvscGuestState.FAILED, guest.state());
        return e;
    }

    static VstorPacket ok() {
        return VstorPacket.completion(W8, VstorStatus.SUCCESS, OpaquePayload.zeros(W8));
    }

    @Test
    void guestShouldRefuseBadAnswers() {
        StorvscGuestProtocol idle = new StorvscGuestProtocol(2);
        guestRejects(idle, ok(), StorvscSessionError.UNEXPECTED_PACKET);

        StorvscGuestProtocol notCompletion = new StorvscGuestProtocol(2);
        notCompletion.start();
        guestRejects(notCompletion, new VstorPacket(W8, VstorOperation.ENUMERATE_BUS, 0, 0, OpaquePayload.zeros(W8)),
                StorvscSessionError.NOT_A_COMPLETION);

        StorvscGuestProtocol failed = new StorvscGuestProtocol(2);
        failed.start();
        assertEquals("storvsc begin initialization status: 0xc0000001 (expected: 0)", guestRejects(failed,
                VstorPacket.completion(W8, VstorStatus.UNSUCCESSFUL, OpaquePayload.zeros(W8)),
                StorvscSessionError.FAILED_STATUS).getMessage());
        guestRejects(failed, ok(), StorvscSessionError.UNEXPECTED_PACKET);

        StorvscGuestProtocol malformed = new StorvscGuestProtocol(2);
        malformed.start();
        StorvscSessionException e = assertThrows(StorvscSessionException.class,
                () -> malformed.onCompletion(new byte[64], 63));
        assertEquals(StorvscSessionError.MALFORMED, e.reason());
        assertEquals("vstor packet: 63 bytes (expected: 48 or 64)", e.getMessage());

        StorvscGuestProtocol wrongVersion = new StorvscGuestProtocol(2);
        wrongVersion.start();
        byte[] begun = VstorPacketCodec.encode(ok());
        wrongVersion.onCompletion(begun, begun.length);
        guestRejects(wrongVersion, VstorPacket.completion(W8, VstorStatus.SUCCESS,
                VstorVersionPayload.of(VstorProtocolVersion.WIN6)), StorvscSessionError.VERSION_MISMATCH);
    }

    @Test
    void guestShouldRoundMaxTransferDownTo4KiB() {
        StorvscGuestProtocol guest = new StorvscGuestProtocol(List.of(VstorProtocolVersion.WIN8), 2);
        guest.start();
        byte[] ok = VstorPacketCodec.encode(ok());
        guest.onCompletion(ok, ok.length);
        byte[] version = VstorPacketCodec.encode(VstorPacket.completion(W8, 0,
                VstorVersionPayload.of(VstorProtocolVersion.WIN8)));
        VstorPacket query = guest.onCompletion(version, version.length).orElseThrow();
        assertEquals(VstorOperation.QUERY_PROPERTIES, query.operation());
        byte[] props = VstorPacketCodec.encode(VstorPacket.completion(W8, 0,
                new StorageChannelProperties(0, 0, 0x12345)));
        assertEquals(VstorOperation.END_INITIALIZATION, guest.onCompletion(props, props.length).orElseThrow()
                .operation());
        assertEquals(0x12000, guest.properties().orElseThrow().maxTransferBytes());
        assertEquals(VstorPayloadKind.PROPERTIES, query.payload().kind());
    }
}
