package org.hvref.storage.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketDescriptor;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.VmScsiRequest;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscIoException;
import org.hvref.storage.vsp.StorvscHostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers over the machine: a guest that injects malformed EXECUTE_SRBs next to the VSC's own traffic, and a
 * host whose completions carry sense length 255 or an oversized transfer length. The VSP answers with an error status
 * (or, without a transaction, not at all) and keeps serving; the VSC clamps, drops and keeps working.
 */
class StorvscHostileOverVmbusTest {
    private static final long HOSTILE_ID = 5000; // outside the VSC's slot table: its answer is dropped and counted

    @TempDir
    Path dir;

    @Test
    void shouldRefuseHostileGuestPacketsAndKeepServingTheVsc() {
        for (long seed : new long[] {1, 2, 3}) {
            try (StorageRun r = StorageRun.unvalidated(seed, new StorageRun.Traces())) {
                DiskImage raw = r.image(dir, "g" + seed + ".raw", DiskFormat.RAW, 4 << 20);
                StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, raw)));
                StorvscClient c = p.client();
                VstorPacketForm f = VstorPacketForm.WIN8;
                byte[] cdb = {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0};
                byte[] read8 = VstorPacketCodec.encode(VstorPacket.request(f, VstorOperation.EXECUTE_SRB,
                        VmScsiRequest.request(0, 0, 0, cdb, DataDirection.READ, 4096, f,
                                VmScsiRequest.Win8Extension.ZERO)));
                long[] page = r.m.pages().allocate(2);
                var e = c.primaryEndpoint();
                int flag = PacketDescriptor.FLAG_COMPLETION_REQUESTED;
                e.send(new GpaDirectPacket(flag, HOSTILE_ID, List.of(new GpaRange(2048, 0, new long[] {page[0]}),
                        new GpaRange(2048, 0, new long[] {page[1]})), read8));           // two ranges
                e.send(new GpaDirectPacket(flag, HOSTILE_ID + 1, List.of(new GpaRange(1000, 0,
                        new long[] {page[0]})), read8));                                  // short range
                e.send(new InBandPacket(flag, HOSTILE_ID + 2, Arrays.copyOf(read8, 40))); // bad size
                e.send(new InBandPacket(0, HOSTILE_ID + 3, read8));                        // no transaction
                r.m.settle();
                assertEquals(4, p.host().refusedPackets());
                assertEquals(List.of(StorvscHostError.BAD_RANGE_COUNT, StorvscHostError.SHORT_RANGE,
                        StorvscHostError.MALFORMED, StorvscHostError.NOT_TRANSACTIONAL), p.host().recentErrors()
                        .stream().map(StorvscHostException -> StorvscHostException.reason()).toList());
                assertEquals(3, c.droppedCompletions(), "three error answers, none without a transaction");
                byte[] data = new byte[4096];
                new Random(seed).nextBytes(data);
                r.m.await(c.write(0, 3, data, 64));
                assertArrayEquals(data, r.m.await(c.read(0, 3, 8, 128)), "the channel keeps working");
            }
        }
    }

    @Test
    void shouldClampHostileSenseAndTransferLengthsInCompletions() {
        try (StorageRun r = StorageRun.unvalidated(4, new StorageRun.Traces())) {
            DiskImage raw = r.image(dir, "h.raw", DiskFormat.RAW, 4 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, raw)));
            p.host().tamperSrbCompletionsForTests(b -> {
                b[12 + 9] = (byte) 255;                       // sense_info_length 255
                Arrays.fill(b, 12 + 12, 12 + 16, (byte) 0x7F); // data_transfer_length far above the buffer
                return b;
            });
            CompletionException e = assertThrows(CompletionException.class,
                    () -> r.m.await(p.client().read(0, 1 << 20, 1)));
            StorvscIoException io = assertInstanceOf(StorvscIoException.class, e.getCause());
            assertEquals(20, io.sense().length, "clamped to 20");
            assertEquals(0x21, io.asc());
            byte[] read = r.m.await(p.client().read(0, 0, 2, 100));
            assertEquals(1024, read.length, "transferred clamped to the 1024-byte buffer");
        }
    }
}
