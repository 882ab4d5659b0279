package org.hvref.storage.vsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.InBandPacket;
import org.hvref.storage.StorvscLoopback;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.OpaquePayload;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiDiskIdentity;
import org.hvref.storage.scsi.ScsiTarget;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.vsp.StorvscHost;
import org.hvref.trace.RecordingTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VSC against a VSP that misbehaves through its test hooks and raw sends (§3.8, §3.9 hardening). */
class StorvscClientTest {
    private static final int SENSE_INFO_LENGTH_AT = 12 + 9;
    private static final int DATA_TRANSFER_LENGTH_AT = 12 + 12;

    @TempDir
    Path dir;

    private StorvscLoopback loop;
    private StorvscHost host;
    private StorvscClient client;
    private DiskImage image;
    private RecordingTracer tracer;

    @BeforeEach
    void setUp() throws IOException {
        start(StorvscClientConfig.linux(StorvscDeviceClass.SCSI));
    }

    private void start(StorvscClientConfig config) throws IOException {
        loop = new StorvscLoopback();
        image = DiskImages.create(dir.resolve("d" + System.nanoTime() + ".raw"), DiskFormat.RAW, 1 << 20, false);
        ScsiTarget target = new ScsiTarget();
        target.attach(0, new ScsiDisk(image, new ScsiDiskIdentity(new java.util.UUID(1, 2), "")));
        tracer = new RecordingTracer();
        StorvscTrace trace = new StorvscTrace(tracer);
        host = new StorvscHost(StorvscDeviceClass.SCSI, VstorProtocolVersion.OPENVMM_ACCEPTS, 0, target, loop.memory,
                trace, -1);
        client = new StorvscClient(config, loop.memory, loop.dma(), trace);
        host.opened(loop.host(host));
        client.attach(loop.guest(client));
        CompletableFuture<VstorProtocolVersion> ready = client.start();
        loop.run();
        assertEquals(VstorProtocolVersion.WIN8_1, ready.join());
        assertEquals(1, client.scanned().join().size());
    }

    @AfterEach
    void tearDown() throws IOException {
        image.close();
    }

    private <T> T run(CompletableFuture<T> f) {
        loop.run();
        assertTrue(f.isDone(), "answered");
        return f.join();
    }

    private StorvscIoException failure(CompletableFuture<?> f) {
        loop.run();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(StorvscIoException.class, e.getCause());
    }

    @Test
    void shouldClampASenseLengthOf255To20() {
        host.tamperSrbCompletionsForTests(b -> {
            b[SENSE_INFO_LENGTH_AT] = (byte) 255;
            return b;
        });
        StorvscIoException e = failure(client.read(0, 2048, 1));
        assertEquals(20, e.sense().length);
        assertEquals(0x21, e.asc());
    }

    @Test
    void shouldClampATransferLengthAboveTheBufferToTheBuffer() {
        byte[] data = new byte[4096];
        new Random(2).nextBytes(data);
        run(client.write(0, 16, data, 10));
        host.tamperSrbCompletionsForTests(b -> {
            Arrays.fill(b, DATA_TRANSFER_LENGTH_AT, DATA_TRANSFER_LENGTH_AT + 4, (byte) 0xFF);
            return b;
        });
        byte[] back = run(client.read(0, 16, 8, 20));
        assertArrayEquals(data, back, "transferred clamped to the 4096-byte buffer");
    }

    @Test
    void shouldDropCompletionsForUnknownIdsAndIdZeroAndUnsolicitedCompletes() {
        VstorPacketForm f = VstorPacketForm.WIN8;
        byte[] ok = VstorPacketCodec.encode(VstorPacket.completion(f, VstorStatus.SUCCESS, OpaquePayload.zeros(f)));
        loop.host.send(new CompletionPacket(0, 500, ok));
        loop.host.send(new CompletionPacket(0, 0, ok));
        loop.host.send(new InBandPacket(0, 0, ok)); // COMPLETE_IO as an unsolicited packet: rejected (§3.9)
        loop.run();
        assertEquals(2, client.droppedCompletions());
        assertEquals(1, client.malformedPackets());
        assertEquals(1, loop.guest.protocolErrors(), "the rejected unsolicited packet is an endpoint protocol error");
        byte[] data = new byte[512];
        new Random(3).nextBytes(data);
        run(client.write(0, 1, data));
        assertArrayEquals(data, run(client.read(0, 1, 1)), "still working");
    }

    @Test
    void shouldFailARequestWhoseCompletionIsTooShortInsteadOfWaitingForever() {
        host.tamperSrbCompletionsForTests(b -> Arrays.copyOf(b, 20));
        StorvscIoException e = failure(client.read(0, 0, 1));
        assertEquals(StorvscIoError.MALFORMED_COMPLETION, e.reason());
        assertEquals(0, client.outstanding());
        host.tamperSrbCompletionsForTests(b -> b);
        assertEquals(512, run(client.read(0, 0, 1)).length);
    }

    @Test
    void shouldTreatInquiryAndModeSenseErrorsAsSuccessAsLinuxDoes() {
        byte[] vpd80 = {0x12, 1, (byte) 0x80, 0, (byte) 255, 0}; // no serial configured: CHECK CONDITION
        SrbResult r = run(client.execute(0, vpd80, DataDirection.READ, new byte[0], 255, 0));
        assertEquals(0, r.scsiStatus());
        assertEquals(0, r.transferred());
        byte[] bogus = {(byte) 0xC7, 0, 0, 0, 0, 0};
        StorvscIoException e = failure(client.execute(0, bogus, DataDirection.NONE, new byte[0], 0, 0));
        assertEquals(StorvscIoError.SRB_ERROR, e.reason());
        assertEquals(0x20, e.asc(), "INVALID COMMAND OPERATION CODE");
    }

    @Test
    void shouldRecordTheCommandClassOfEveryIssuedCommand() {
        tracer.clear();
        byte[] inquiry = {0x12, 0, 0, 0, 36, 0};
        byte[] vpd00 = {0x12, 1, 0, 0, (byte) 255, 0};
        byte[] reportLuns = {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0};
        run(client.execute(0, reportLuns, DataDirection.READ, new byte[0], 64, 0));
        run(client.execute(0, inquiry, DataDirection.READ, new byte[0], 36, 0));
        run(client.execute(0, vpd00, DataDirection.READ, new byte[0], 255, 0));
        run(client.read(0, 0, 1));
        run(client.execute(0, new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, DataDirection.READ, new byte[0], 8, 0));
        List<Object> classes = tracer.events().stream().filter(e -> e.action().equals("GuestIssueIo"))
                .map(e -> e.get("cdb")).toList();
        assertEquals(List.of("ident", "ident", "ident", "io", "io"), classes);
    }

    @Test
    void shouldQueueRequestsBeyondTheSlotTableAndUseOnlyIdsOneToK() throws IOException {
        tearDown();
        start(StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withSlots(2));
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            reads.add(client.read(0, i, 1));
        }
        loop.run();
        for (CompletableFuture<byte[]> f : reads) {
            assertEquals(512, f.join().length);
        }
        assertTrue(tracer.events().stream().filter(e -> e.action().equals("GuestIssueIo"))
                .allMatch(e -> e.getLong("id") >= 1 && e.getLong("id") <= 2));
    }

    @Test
    void shouldFailOutstandingAndLaterRequestsOnClose() {
        CompletableFuture<byte[]> pending = client.read(0, 0, 1); // sent, not answered yet
        client.channelClosed(true);
        assertEquals(StorvscIoError.CLOSED, failure(pending).reason());
        assertEquals(StorvscIoError.CLOSED, failure(client.read(0, 0, 1)).reason());
        assertEquals("Rescind", tracer.events().get(tracer.events().size() - 1).action());
    }
}
