package org.hvref.storage.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.spec.SpecFiles;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.session.StorvscActions;
import org.hvref.storage.session.StorvscSessionException;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscClientConfig;
import org.hvref.storage.vsc.StorvscIoError;
import org.hvref.storage.vsc.StorvscIoException;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace-validation coverage of StorvscProtocol: machine runs ({@link StorageRun}) that together take every action of
 * the spec's {@code Next} — init with and without sub-channels, a failed version walk, an IDE controller, scans, I/O
 * (also from several threads on a concurrent machine), hot add and remove with the guest's rescans, stray
 * completions, rescind with a request in flight. All their traces go to TLC in one batch and must be accepted; the
 * union must cover every Next action (read from StorvscProtocol.tla); the coverage table is printed.
 */
class StorvscActionCoverageTest {
    private static SpecFiles files;
    private static final StorageRun.Traces TRACES = new StorageRun.Traces();

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** The actions of {@code Next} in StorvscProtocol.tla (the disjuncts, quantified ones included). */
    static Set<String> nextActions() throws IOException {
        String spec = Files.readString(files.root().resolve("storvsc/StorvscProtocol.tla"));
        int at = spec.indexOf("\nNext ==");
        assertTrue(at >= 0, "Next in StorvscProtocol.tla");
        String next = spec.substring(at + 1, spec.indexOf("\n\n", at + 1));
        Set<String> actions = new TreeSet<>();
        Matcher m = Pattern.compile("(?:\\\\/|:)\\s*([A-Z][A-Za-z0-9]*)").matcher(next);
        while (m.find()) {
            actions.add(m.group(1));
        }
        return actions;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** SCSI with two sub-channels: I/O, hot add, hot remove, strays, rescind with a read in flight. */
    void scsiLifecycle() {
        try (StorageRun r = StorageRun.deterministic(21, TRACES)) {
            DiskImage lun0 = r.image(dir, "cov0.raw", DiskFormat.RAW, 8 << 20);
            DiskImage lun1 = r.image(dir, "cov1.vhdx", DiskFormat.VHDX, 16 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, lun0)).withMaxSubChannels(2)
                    .withGuest(StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withOnlineCpus(3)));
            StorvscClient c = p.client();
            r.m.settle();
            assertEquals(2, c.grantedSubChannels());
            byte[] data = random(3 * 4096, 21);
            r.m.await(c.write(0, 8, data, 512));
            assertArrayEquals(data, r.m.await(c.read(0, 8, data.length / 512, 7)));

            r.m.await(p.hotAdd(1, lun1));
            r.m.settle();
            r.m.await(p.scanned());
            assertEquals(Set.of(0, 1), c.visibleLuns());
            byte[] more = random(4096, 22);
            r.m.await(c.write(1, 0, more));
            assertArrayEquals(more, r.m.await(c.read(1, 0, 4096 / c.lun(1).orElseThrow().blockSize())));

            r.m.await(p.hotRemove(1));
            r.m.settle();
            r.m.await(p.scanned());
            assertEquals(Set.of(0), c.visibleLuns());
            CompletionException gone = assertThrows(CompletionException.class, () -> r.m.await(c.read(1, 0, 1)));
            assertEquals(StorvscIoError.INVALID_LUN, assertInstanceOf(StorvscIoException.class, gone.getCause())
                    .reason());

            long dropped = c.droppedCompletions();
            r.m.await(p.sendStrayCompletionForTests(0));
            r.m.await(p.sendStrayCompletionForTests(5000));
            r.m.settle();
            assertEquals(dropped + 2, c.droppedCompletions());

            CompletableFuture<byte[]> inFlight = c.read(0, 8, 1);
            r.m.await(p.rescind());
            r.m.settle();
            assertTrue(inFlight.isDone(), "nothing waits after a rescind");
            assertTrue(c.isClosed());
        }
    }

    /** A host accepting only 2.0 and 4.2: Linux's walk 6.2, 6.0, 5.1 ends in failure. */
    void failedVersionWalk() {
        try (StorageRun r = StorageRun.deterministic(22, TRACES)) {
            DiskImage lun0 = r.image(dir, "old.raw", DiskFormat.RAW, 8 << 20);
            StoragePair p = r.m.await(r.m.addStorageController(StorageControllerConfig.scsi(Map.of(0, lun0))
                    .withHostVersions(List.of(VstorProtocolVersion.WIN6, VstorProtocolVersion.WIN7))));
            r.pairs.add(p);
            CompletionException e = assertThrows(CompletionException.class, () -> r.m.await(p.ready()));
            assertInstanceOf(StorvscSessionException.class, e.getCause(), e.getCause()::toString);
        }
    }

    /** An IDE controller: one device, no scan beyond it. */
    void ide() {
        try (StorageRun r = StorageRun.deterministic(23, TRACES)) {
            DiskImage disk = r.image(dir, "ide.raw", DiskFormat.RAW, 8 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.ide(disk, 1, 0));
            byte[] data = random(2048, 23);
            r.m.await(p.client().write(0, 3, data));
            assertArrayEquals(data, r.m.await(p.client().read(0, 3, 4)));
        }
    }

    /** A concurrent machine: writes from several threads at once, then read back. */
    void concurrentIo() {
        try (StorageRun r = StorageRun.concurrent(TRACES)) {
            DiskImage lun0 = r.image(dir, "conc.raw", DiskFormat.RAW, 8 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, lun0))
                    .withGuest(StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withSlots(3)));
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            Map<Integer, byte[]> data = new TreeMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                data.put(n, random(1024, 30 + n));
                writes.add(new CompletableFuture<>());
                threads.add(new Thread(() -> p.client().write(0, 64 + 2 * n, data.get(n))
                        .whenComplete((v, f) -> {
                            if (f != null) {
                                writes.get(n).completeExceptionally(f);
                            } else {
                                writes.get(n).complete(null);
                            }
                        })));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            writes.forEach(r.m::await);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(data.get(i), r.m.await(p.client().read(0, 64 + 2 * i, 2)));
            }
        }
    }

    @Test
    void shouldCoverEveryStorvscProtocolActionWithTracesAcceptedByTlc() throws IOException {
        scsiLifecycle();
        failedVersionWalk();
        ide();
        concurrentIo();
        Set<String> next = nextActions();
        assertEquals(17, next.size(), next::toString);
        assertEquals(next, new TreeSet<>(StorvscActions.ALL), "StorvscActions names every Next action");
        Map<String, Integer> count = new TreeMap<>();
        next.forEach(a -> count.put(a, 0));
        for (List<Map<String, Object>> t : TRACES.traces) {
            for (Map<String, Object> e : t) {
                count.merge((String) e.get(TraceEvent.ACTION_KEY), 1, Integer::sum);
            }
        }
        StringBuilder table = new StringBuilder("StorvscProtocol action coverage (" + TRACES.traces.size()
                + " traces):\n");
        count.forEach((a, n) -> table.append(String.format("  %-24s %5d%s%n", a, n, n == 0 ? "  <- MISSING" : "")));
        System.out.print(table);
        String verdict = TRACES.validate(files);
        System.out.println("StorvscActionCoverageTest: " + verdict);
        Set<String> missing = new TreeSet<>();
        count.forEach((a, n) -> {
            if (n == 0) {
                missing.add(a);
            }
        });
        assertEquals(Set.of(), missing, table::toString);
        assertEquals(next, count.keySet(), "no event outside Next");
    }
}
