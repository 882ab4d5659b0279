package org.hvref.storage.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.spec.SpecFiles;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.scsi.ScsiSense;
import org.hvref.storage.scsi.ScsiStatus;
import org.hvref.storage.session.StorvscActions;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscClientConfig;
import org.hvref.storage.vsc.StorvscIoError;
import org.hvref.storage.vsc.StorvscIoException;
import org.hvref.storage.vsc.StorvscLun;
import org.hvref.storage.vsc.UnmapRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StorVSC end to end over the machine (deterministic under several seeds, and concurrent): init, scan, multi-page
 * writes read back at non-zero buffer offsets on raw and VHDX, flush, unmap, absent LUNs, out-of-range LBAs,
 * rescind and close with requests in flight. Every run's StorvscProtocol trace is validated by TLC at the end.
 */
class StorvscOverVmbusTest {
    static final long[] SEEDS = {1, 2, 3, 17, 99};
    private static SpecFiles files;
    private static final StorageRun.Traces TRACES = new StorageRun.Traces();

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() throws Exception {
        files.close();
    }

    /** Writes then reads back 1, 8 and 65-page buffers (non-zero first-page offsets) on both LUNs. */
    static void readBackMultiPage(StorageRun r, StorvscClient c, long seed) {
        Random rnd = new Random(seed);
        for (int lun : List.of(0, 1)) {
            StorvscLun info = c.lun(lun).orElseThrow();
            int bs = info.blockSize();
            int[][] shapes = {{4096, 512}, {8 * 4096, 100}, {64 * 4096, 3584}}; // 1, 8 (+1), 65 pages spanned
            long lba = 5;
            for (int[] s : shapes) {
                byte[] data = new byte[s[0]];
                rnd.nextBytes(data);
                r.m.await(c.write(lun, lba, data, s[1]));
                assertArrayEquals(data, r.m.await(c.read(lun, lba, data.length / bs, (s[1] + 777) % 4096)),
                        "lun " + lun + " " + s[0] + " bytes at offset " + s[1]);
                lba += data.length / bs + 3;
            }
            r.m.await(c.flush(lun));
            r.m.await(c.unmap(lun, List.of(new UnmapRange(1024, 16), new UnmapRange(4096, 8))));
        }
    }

    StoragePair rawAndVhdx(StorageRun r) {
        DiskImage raw = r.image(dir, "a" + r.hashCode() + ".raw", DiskFormat.RAW, 8 << 20);
        DiskImage vhdx = r.image(dir, "b" + r.hashCode() + ".vhdx", DiskFormat.VHDX, 16 << 20);
        return r.scanned(StorageControllerConfig.scsi(Map.of(0, raw, 1, vhdx)));
    }

    @Test
    void shouldInitializeScanAndReadBackMultiPageWritesOnRawAndVhdxUnderSeveralSeeds() {
        for (long seed : SEEDS) {
            try (StorageRun r = StorageRun.deterministic(seed, TRACES)) {
                StoragePair p = rawAndVhdx(r);
                assertEquals(VstorProtocolVersion.WIN8_1, r.m.await(p.ready()), "openvmm host and Linux settle on 6.0");
                List<StorvscLun> luns = p.client().luns();
                assertEquals(List.of(0, 1), luns.stream().map(StorvscLun::lun).toList());
                assertEquals(8L << 20, luns.get(0).capacityBytes());
                assertEquals(16L << 20, luns.get(1).capacityBytes());
                assertEquals("Msft", luns.get(0).vendor());
                assertEquals("Virtual Disk", luns.get(0).product());
                readBackMultiPage(r, p.client(), seed);
                assertEquals(0, p.client().droppedCompletions());
                assertEquals(0, p.host().refusedPackets());
            }
        }
    }

    @Test
    void shouldReadBackWritesConcurrentlyFromManyRequestsInFlight() {
        try (StorageRun r = StorageRun.concurrent(TRACES)) {
            StoragePair p = rawAndVhdx(r);
            StorvscClient c = p.client();
            readBackMultiPage(r, c, 5);
            Random rnd = new Random(11);
            List<byte[]> blocks = new ArrayList<>();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 80; i++) { // more than the 32 slots: requests wait for free ids
                byte[] b = new byte[4096];
                rnd.nextBytes(b);
                blocks.add(b);
                writes.add(c.write(i % 2, 2000 + 8L * i, b, (i * 97) % 4096));
            }
            r.m.await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
            List<CompletableFuture<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int bs = c.lun(i % 2).orElseThrow().blockSize();
                reads.add(c.read(i % 2, 2000 + 8L * i, 4096 / bs, (i * 31) % 4096));
            }
            for (int i = 0; i < 80; i++) {
                assertArrayEquals(blocks.get(i), r.m.await(reads.get(i)), "block " + i);
            }
        }
    }

    @Test
    void shouldAnswerAnOutOfRangeLbaWithCheckConditionIllegalRequestAndSense() {
        for (long seed : new long[] {4, 5}) {
            try (StorageRun r = StorageRun.deterministic(seed, TRACES)) {
                StoragePair p = rawAndVhdx(r);
                StorvscLun l = p.client().lun(1).orElseThrow();
                CompletionException e = assertThrows(CompletionException.class,
                        () -> r.m.await(p.client().read(1, l.blockCount() - 1, 2)));
                StorvscIoException io = assertInstanceOf(StorvscIoException.class, e.getCause());
                assertEquals(StorvscIoError.SRB_ERROR, io.reason());
                assertEquals(ScsiStatus.CHECK_CONDITION, io.scsiStatus());
                assertEquals(0x84, io.srbStatus(), "SRB ERROR | AUTOSENSE_VALID");
                assertEquals(ScsiSense.KEY_ILLEGAL_REQUEST, io.senseKey());
                assertEquals(ScsiSense.ASC_LBA_OUT_OF_RANGE, io.asc());
                assertEquals(20, io.sense().length, "Win8+ sense size");
                assertArrayEquals(new byte[l.blockSize()], r.m.await(p.client().read(1, l.blockCount() - 1, 1)),
                        "the channel keeps working");
            }
        }
    }

    @Test
    void shouldFindOnlyPresentLunsWhenLunZeroIsAbsentAndRefuseIoToAbsentLuns() {
        try (StorageRun r = StorageRun.deterministic(6, TRACES)) {
            DiskImage d = r.image(dir, "c.raw", DiskFormat.RAW, 1 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(3, d)));
            assertEquals(Set.of(3), p.client().visibleLuns(), "probes of LUNs 0..7 answered INVALID_LUN except 3");
            assertEquals(List.of(3), p.client().luns().stream().map(StorvscLun::lun).toList());
            CompletionException e = assertThrows(CompletionException.class, () -> r.m.await(p.client().read(5, 0, 1)));
            assertEquals(StorvscIoError.INVALID_LUN, assertInstanceOf(StorvscIoException.class, e.getCause())
                    .reason());
            byte[] data = new byte[512 * 3];
            new Random(3).nextBytes(data);
            r.m.await(p.client().write(3, 7, data));
            assertArrayEquals(data, r.m.await(p.client().read(3, 7, 3)));
        }
    }

    @Test
    void shouldAnswerIoToALunRemovedUnderItWithInvalidLunAndDropTheLun() {
        for (long seed : SEEDS) {
            try (StorageRun r = StorageRun.deterministic(seed, TRACES)) {
                StoragePair p = rawAndVhdx(r);
                r.m.await(p.hotRemove(1)); // REMOVE_DEVICE queued; the guest may not have read it yet
                CompletableFuture<byte[]> read = p.client().read(1, 0, 1);
                CompletionException e = assertThrows(CompletionException.class, () -> r.m.await(read));
                assertEquals(StorvscIoError.INVALID_LUN, assertInstanceOf(StorvscIoException.class, e.getCause())
                        .reason(), "from the host (SRB 0x20) or locally after the rescan");
                r.m.await(p.scanned());
                r.m.settle();
                assertEquals(Set.of(0), p.client().visibleLuns());
                CompletionException again = assertThrows(CompletionException.class,
                        () -> r.m.await(p.client().read(1, 0, 1)));
                assertEquals(StorvscIoError.INVALID_LUN, ((StorvscIoException) again.getCause()).reason());
            }
        }
    }

    @Test
    void shouldFailEveryOutstandingRequestWhenTheControllerIsRescindedOrClosed() {
        for (boolean rescind : new boolean[] {true, false}) {
            for (long seed : new long[] {7, 8, 9}) {
                try (StorageRun r = StorageRun.deterministic(seed, TRACES)) {
                    StoragePair p = rawAndVhdx(r);
                    List<CompletableFuture<byte[]>> reads = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        reads.add(p.client().read(i % 2, i, 8));
                    }
                    r.m.await(rescind ? p.rescind() : p.close());
                    r.m.settle();
                    int failed = 0;
                    for (CompletableFuture<byte[]> f : reads) {
                        assertTrue(f.isDone(), "never hangs");
                        if (f.isCompletedExceptionally()) {
                            CompletionException e = assertThrows(CompletionException.class, f::join);
                            assertEquals(StorvscIoError.CLOSED, ((StorvscIoException) e.getCause()).reason());
                            failed++;
                        }
                    }
                    assertTrue(failed > 0, "some of 40 reads were still in flight");
                    CompletionException later = assertThrows(CompletionException.class,
                            () -> r.m.await(p.client().read(0, 0, 1)));
                    assertEquals(StorvscIoError.CLOSED, ((StorvscIoException) later.getCause()).reason());
                    assertEquals(0, p.client().outstanding());
                }
            }
        }
    }

    @Test
    void shouldDropStrayCompletionsForIdsNotOutstanding() {
        try (StorageRun r = StorageRun.deterministic(12, TRACES)) {
            StoragePair p = rawAndVhdx(r);
            r.m.await(p.sendStrayCompletionForTests(0));
            r.m.await(p.sendStrayCompletionForTests(1000));
            r.m.settle();
            assertEquals(2, p.client().droppedCompletions());
            byte[] data = new byte[4096];
            new Random(1).nextBytes(data);
            r.m.await(p.client().write(0, 1, data));
            assertArrayEquals(data, r.m.await(p.client().read(0, 1, 8)));
        }
    }

    @Test
    void shouldSpreadRequestsOverSubChannelsOpenedWithTheSameRingSize() {
        for (long seed : new long[] {21, 22}) {
            try (StorageRun r = seed == 22 ? StorageRun.concurrent(TRACES) : StorageRun.deterministic(seed, TRACES)) {
                DiskImage raw = r.image(dir, "s" + seed + ".raw", DiskFormat.RAW, 8 << 20);
                DiskImage vhdx = r.image(dir, "s" + seed + ".vhdx", DiskFormat.VHDX, 8 << 20);
                StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, raw, 1, vhdx)).withMaxSubChannels(3)
                        .withGuest(StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withOnlineCpus(4)));
                r.m.settle();
                assertEquals(3, p.client().grantedSubChannels(), "min(CPUs - 1, max) = 3");
                assertEquals(3, p.client().openSubChannels());
                assertEquals(3, p.subChannelRelids().size());
                readBackMultiPage(r, p.client(), seed);
                assertTrue(p.host().subChannelSrbs() > 0, "I/O went over the sub-channels too");
                assertTrue(p.host().srbsCompleted() > p.host().subChannelSrbs(), "and over the primary");
                List<CompletableFuture<byte[]>> reads = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    reads.add(p.client().read(i % 2, i, 8));
                }
                r.m.await(p.rescind());
                r.m.settle();
                for (CompletableFuture<byte[]> f : reads) {
                    assertTrue(f.isDone(), "never hangs, whatever channel it went on");
                }
                assertEquals(0, p.client().outstanding());
            }
        }
    }

    @Test
    void shouldRunAnIdeControllerAsOneDeviceWithoutReportLunsOrSubChannels() {
        for (long seed : new long[] {31, 32}) {
            try (StorageRun r = StorageRun.deterministic(seed, TRACES)) {
                DiskImage vhdx = r.image(dir, "i" + seed + ".vhdx", DiskFormat.VHDX, 4 << 20);
                StoragePair p = r.scanned(StorageControllerConfig.ide(vhdx, 1, 0)
                        .withGuest(StorvscClientConfig.linux(StorvscDeviceClass.IDE).withAddress(1, 0)
                                .withOnlineCpus(4)));
                assertEquals(StorvscDeviceClass.IDE.classId(), p.channel().classGuid());
                assertEquals(java.util.UUID.fromString("00000001-0000-8899-0000-000000000000"),
                        p.channel().instanceGuid(), "openvmm: data1 = channel, data2 = device, data3 = 0x8899");
                byte[] user = p.channel().opened().offer().userDefined().toArray();
                assertEquals(1, user[2], "OfferProperties path id");
                assertEquals(0x2, user[8], "OfferProperties flags: IDE device");
                assertEquals(List.of(0), p.client().luns().stream().map(StorvscLun::lun).toList());
                assertEquals(0, p.client().grantedSubChannels(), "no MULTI_CHANNEL on IDE");
                assertEquals(null, p.host().opcodeCounts().get(0xA0), "no REPORT LUNS");
                byte[] data = new byte[8 * 4096];
                new Random(seed).nextBytes(data);
                r.m.await(p.client().write(0, 10, data, 7));
                assertArrayEquals(data, r.m.await(p.client().read(0, 10, data.length / 512, 9)));
            }
        }
    }

    @Test
    void shouldSeeAHotAddedLunAfterEnumerateBusAndLoseItAfterRemoveDevice() {
        for (long seed : SEEDS) {
            try (StorageRun r = StorageRun.deterministic(seed, TRACES)) {
                StoragePair p = rawAndVhdx(r);
                DiskImage extra = r.image(dir, "h" + seed + ".vhdx", DiskFormat.VHDX, 2 << 20);
                r.m.await(p.hotAdd(2, extra));
                r.m.settle();
                r.m.await(p.scanned());
                assertEquals(List.of(0, 1, 2), p.client().luns().stream().map(StorvscLun::lun).toList());
                assertEquals(2L << 20, p.client().lun(2).orElseThrow().capacityBytes());
                byte[] data = new byte[4096];
                new Random(seed).nextBytes(data);
                r.m.await(p.client().write(2, 0, data, 1));
                assertArrayEquals(data, r.m.await(p.client().read(2, 0, 8, 2)));
                r.m.await(p.hotRemove(2));
                r.m.settle();
                r.m.await(p.scanned());
                assertEquals(Set.of(0, 1), p.client().visibleLuns());
                CompletionException e = assertThrows(CompletionException.class,
                        () -> r.m.await(p.client().read(2, 0, 1)));
                assertEquals(StorvscIoError.INVALID_LUN, ((StorvscIoException) e.getCause()).reason());
                assertTrue(p.client().notifications() >= 2);
            }
        }
    }

    @Test
    void shouldHotPlugWhileIoRunsConcurrently() {
        try (StorageRun r = StorageRun.concurrent(TRACES)) {
            StoragePair p = rawAndVhdx(r);
            StorvscClient c = p.client();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            byte[] block = new byte[4096];
            new Random(51).nextBytes(block);
            for (int i = 0; i < 40; i++) {
                writes.add(c.write(0, 8L * i, block, i));
            }
            DiskImage extra = r.image(dir, "cc.raw", DiskFormat.RAW, 1 << 20);
            r.m.await(p.hotAdd(5, extra));
            r.m.await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
            r.m.settle();
            r.m.await(p.scanned());
            assertEquals(Set.of(0, 1, 5), p.client().visibleLuns());
            r.m.await(c.write(5, 2, block));
            assertArrayEquals(block, r.m.await(c.read(5, 2, 8)));
            r.m.await(p.hotRemove(5));
            r.m.settle();
            r.m.await(p.scanned());
            assertEquals(Set.of(0, 1), p.client().visibleLuns());
            for (int i = 0; i < 40; i += 13) {
                assertArrayEquals(block, r.m.await(c.read(0, 8L * i, 8)));
            }
        }
    }

    @Test
    void shouldNegotiateTheNewestCommonVersionAndUseItsPacketForm() {
        try (StorageRun r = StorageRun.deterministic(41, TRACES)) {
            DiskImage raw = r.image(dir, "v41.raw", DiskFormat.RAW, 2 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, raw))
                    .withHostVersions(List.of(VstorProtocolVersion.WIN6, VstorProtocolVersion.WIN7))
                    .withMaxSubChannels(2)
                    .withGuest(StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withOnlineCpus(2)
                            .withVersions(List.of(VstorProtocolVersion.WIN10, VstorProtocolVersion.WIN8,
                                    VstorProtocolVersion.WIN7))));
            assertEquals(VstorProtocolVersion.WIN7, r.m.await(p.ready()), "pre-Win8: 48-byte packets");
            assertEquals(0, p.client().grantedSubChannels(), "no MULTI_CHANNEL below 5.1");
            StorvscLun l = p.client().lun(0).orElseThrow();
            byte[] data = new byte[3 * 4096];
            new Random(41).nextBytes(data);
            r.m.await(p.client().write(0, 8, data, 2048));
            assertArrayEquals(data, r.m.await(p.client().read(0, 8, data.length / l.blockSize(), 10)));
            CompletionException e = assertThrows(CompletionException.class,
                    () -> r.m.await(p.client().read(0, l.blockCount(), 1)));
            assertEquals(18, ((StorvscIoException) e.getCause()).sense().length, "pre-Win8 sense size");
        }
        try (StorageRun r = StorageRun.deterministic(42, TRACES)) {
            DiskImage raw = r.image(dir, "v42.raw", DiskFormat.RAW, 2 << 20);
            StoragePair p = r.m.await(r.m.addStorageController(StorageControllerConfig.scsi(Map.of(0, raw))
                    .withHostVersions(List.of(VstorProtocolVersion.WIN6, VstorProtocolVersion.WIN7))));
            r.pairs.add(p);
            CompletionException e = assertThrows(CompletionException.class, () -> r.m.await(p.ready()));
            assertInstanceOf(org.hvref.storage.session.StorvscSessionException.class, e.getCause(),
                    "Linux's 6.2, 6.0, 5.1 against an old host: \"Obsolete Hyper-V version\"");
            CompletionException io = assertThrows(CompletionException.class,
                    () -> r.m.await(p.client().read(0, 0, 1)));
            assertEquals(StorvscIoError.INVALID_LUN, ((StorvscIoException) io.getCause()).reason());
        }
        try (StorageRun r = StorageRun.deterministic(43, TRACES)) {
            DiskImage raw = r.image(dir, "v43.raw", DiskFormat.RAW, 2 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, raw))
                    .withHostVersions(List.of(VstorProtocolVersion.WIN8, VstorProtocolVersion.WIN8_1,
                            VstorProtocolVersion.WIN10)));
            assertEquals(VstorProtocolVersion.WIN10, r.m.await(p.ready()), "a Windows-like host accepts 6.2");
        }
    }

    @Test
    void zzShouldHaveEveryRunsTracesAcceptedByTlc() {
        if (TRACES.traces.isEmpty()) {
            shouldInitializeScanAndReadBackMultiPageWritesOnRawAndVhdxUnderSeveralSeeds();
            shouldReadBackWritesConcurrentlyFromManyRequestsInFlight();
            shouldAnswerAnOutOfRangeLbaWithCheckConditionIllegalRequestAndSense();
            shouldFindOnlyPresentLunsWhenLunZeroIsAbsentAndRefuseIoToAbsentLuns();
            shouldAnswerIoToALunRemovedUnderItWithInvalidLunAndDropTheLun();
            shouldFailEveryOutstandingRequestWhenTheControllerIsRescindedOrClosed();
            shouldDropStrayCompletionsForIdsNotOutstanding();
            shouldSpreadRequestsOverSubChannelsOpenedWithTheSameRingSize();
            shouldRunAnIdeControllerAsOneDeviceWithoutReportLunsOrSubChannels();
            shouldSeeAHotAddedLunAfterEnumerateBusAndLoseItAfterRemoveDevice();
            shouldNegotiateTheNewestCommonVersionAndUseItsPacketForm();
            shouldHotPlugWhileIoRunsConcurrently();
        }
        System.out.println("StorvscOverVmbusTest: " + TRACES.validate(files) + "; actions " + TRACES.actionsSeen());
        assertEquals(new java.util.TreeSet<>(StorvscActions.ALL), TRACES.actionsSeen(),
                "the union of the runs' traces covers every StorvscProtocol action");
    }
}
