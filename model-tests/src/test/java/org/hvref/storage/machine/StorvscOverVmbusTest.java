package org.hvref.storage.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.spec.SpecFiles;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscLun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StorVSC end to end over the machine: init, scan, multi-page I/O on raw and VHDX; traces validated by TLC. */
class StorvscOverVmbusTest {
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

    @Test
    void shouldInitializeScanAndReadBackWritesOnRawAndVhdx() {
        try (StorageRun r = StorageRun.deterministic(1, TRACES)) {
            DiskImage raw = r.image(dir, "a.raw", DiskFormat.RAW, 8 << 20);
            DiskImage vhdx = r.image(dir, "b.vhdx", DiskFormat.VHDX, 16 << 20);
            StoragePair p = r.scanned(StorageControllerConfig.scsi(Map.of(0, raw, 1, vhdx)));
            assertEquals(VstorProtocolVersion.WIN8_1, r.m.await(p.ready()));
            List<StorvscLun> luns = p.client().luns();
            assertEquals(2, luns.size(), luns::toString);
            StorvscClient c = p.client();
            Random rnd = new Random(7);
            for (int lun : List.of(0, 1)) {
                int bs = c.lun(lun).orElseThrow().blockSize();
                byte[] data = new byte[8 * 4096];
                rnd.nextBytes(data);
                r.m.await(c.write(lun, 3, data, 100));
                assertArrayEquals(data, r.m.await(c.read(lun, 3, data.length / bs, 4000)));
            }
        }
    }

    @Test
    void zzShouldHaveEveryRunsTracesAcceptedByTlc() {
        if (TRACES.traces.isEmpty()) {
            shouldInitializeScanAndReadBackWritesOnRawAndVhdx();
        }
        System.out.println("StorvscOverVmbusTest: " + TRACES.validate(files) + "; actions " + TRACES.actionsSeen());
        assertTrue(TRACES.actionsSeen().contains("HostRcvSrb"));
    }
}
