package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void shouldBootTheReferenceGuestPassEveryPacketAndHaveBothTracesAcceptedByTlc() {
        CliRun run = CliRun.of("demo");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        String out = run.out();
        assertTrue(out.contains("(WINDOWS_SERVER_2022, newest 5.3), concurrent mode\n"), run::toString);
        assertTrue(out.contains("version   5.3 negotiated, message connection id 1"), run::toString);
        assertTrue(out.contains("channels  3 offered, 3 opened"), run::toString);
        assertTrue(out.contains("hot-plug  relid 2 rescinded while open"), run::toString);
        assertTrue(out.contains("gpadls    4 created"), run::toString);
        assertTrue(out.contains("3 torn down"), run::toString);
        assertTrue(out.contains("packets   2008 echoed intact: 672 requests, 668 GPA-direct, 668 posts"), run::toString);
        assertTrue(out.contains("coverage  VmbusChannel: 33 of 34 actions (missing: GuestDropMessage)"), run::toString);
        assertTrue(out.contains("every event is a step of VmbusChannel"), run::toString);
        assertTrue(out.contains("packets   1000 received of 1000, in order and intact: yes"), run::toString);
        assertTrue(out.contains("every event is a step of VmbusRing"), run::toString);
        assertTrue(out.contains("rings     echo channel relid 1: guest->host "), run::toString);
        assertEquals(2, vmbusRingAcceptances(out), "the echo rings and the two-thread ring: " + run);
        assertTrue(out.contains("coverage  VmbusChannel: "), run::toString);
        assertIcSection(run);
        assertStorageSection(run, "6.2", "1 sub-channel offered (relid 8), 1 opened by the guest");
        assertTrue(out.endsWith("demo: passed\n"), run::toString);
    }

    /**
     * The storage section: both controllers at {@code version}, the LUNs the scan found, the patterns read back
     * equal, both closed images passing hvref's read-back and qemu-img check, TLC accepting both StorvscProtocol
     * traces; after the IC section, before the ring part.
     */
    private static void assertStorageSection(CliRun run, String version, String scsiSubChannels) {
        String out = run.out();
        int storage = out.indexOf("\nstorage: a SCSI and an IDE disk on VHDX in the same boot, before UNLOAD (the host "
                + "accepts VSTOR ");
        assertTrue(storage > out.indexOf("\nic: ") && storage < out.indexOf("\nring: "), run::toString);
        assertTrue(out.contains("; the guest offers 6.2, 6.0, 5.1, 4.2, 2.0)\n"), run::toString);
        assertTrue(out.contains("  images    scsi.vhdx (64 MiB dynamic VHDX) and ide.vhdx (32 MiB dynamic VHDX), "
                + "created by hvref in a temporary directory (deleted afterwards)\n"), run::toString);
        assertTrue(out.contains(" negotiated, " + scsiSubChannels + "; scan: LUN 0 Msft Virtual Disk, 131072 "
                + "blocks of 512 bytes (64 MiB)\n"), run::toString);
        assertTrue(out.contains(": VSTOR " + version + " negotiated, no sub-channels (IDE); scan: LUN 0 Msft Virtual "
                + "Disk, 65536 blocks of 512 bytes (32 MiB)\n"), run::toString);
        assertEquals(2, out.lines().filter(l -> l.matches("  (scsi|ide) + relid \\d+: VSTOR " + version.replace(".",
                "\\.") + " negotiated, .*")).count(), run::toString);
        assertEquals(2, out.lines().filter(l -> l.matches("  (scsi|ide) io +4 KiB at LBA \\d+, 64 KiB at LBA \\d+, 1 MiB "
                + "at LBA \\d+ written in 6 WRITE\\(16\\)s \\(at most 256 KiB each, all in flight\\), SYNCHRONIZE "
                + "CACHE, read back in 6 READ\\(16\\)s: SHA-256 equal \\([0-9a-f]{16}, [0-9a-f]{16}, [0-9a-f]{16}\\)"))
                .count(), run::toString);
        for (String image : new String[] {"scsi.vhdx", "ide.vhdx"}) {
            assertTrue(out.lines().anyMatch(l -> l.matches("  image     " + image.replace(".", "\\.") + " closed "
                    + "\\(\\d+-byte file\\): hvref re-read 3 writes \\(1118208 bytes\\) read-only: every block as "
                    + "written, the sectors around them zero; qemu-img check: no errors")), () -> image + run);
        }
        assertTrue(out.contains("  coverage  StorvscProtocol: " + (version.equals("2.0") || version.equals("4.2")
                ? "10 of 17 actions (missing: GuestCreateSubChannels, GuestRcvNotification, HostHotAdd, "
                + "HostHotRemove, HostRcvSubChannels, HostStrayComplete, Rescind)\n"
                : "12 of 17 actions (missing: GuestRcvNotification, HostHotAdd, HostHotRemove, HostStrayComplete, "
                + "Rescind)\n")), run::toString);
        assertTrue(out.contains("StorvscProtocol events (2 controller trace(s)) against "
                + "storvsc/TraceStorvscProtocol.tla ...\n"), run::toString);
        assertTrue(out.contains("TLC       accepted: every event is a step of StorvscProtocol ("), run::toString);
        assertFalse(out.contains("FAILED"), run::toString);
    }

    /** The integration-service section: figures of all four services and both IC trace verdicts from TLC. */
    private static void assertIcSection(CliRun run) {
        String out = run.out();
        int ic = out.indexOf("\nic: the integration services in the same boot, before UNLOAD (MAC_HYPERV_SUPPORT "
                + "guest daemons)\n");
        assertTrue(ic > out.indexOf("every event is a step of VmbusChannel") && ic < out.indexOf("\nring: "),
                run::toString);
        assertTrue(out.contains("  heartbeat relid 3: 5 ticks, 5 answered, 0 missed (host sequences 100..108, last "
                + "guest answer 109)\n"), run::toString);
        assertTrue(out.contains("  timesync  relid 4 (REFERENCE layout): guest clock -3600.000 s off host time; SYNC "
                + "stepped it to +0.000 s; drifted to +0.200 s, one SAMPLE within the 0.5 s threshold left it at "
                + "+0.200 s (1 step, 2 answers)\n"), run::toString);
        assertTrue(out.contains("  filecopy  relid 5: 307200 random host bytes to demo/payload.bin under a temporary "
                + "guest root: status S_OK(0x00000000), 307200 bytes acknowledged, SHA-256 equal ("), run::toString);
        assertTrue(out.contains("  shutdown  relid 6: power-off request accepted (S_OK); the guest's handler "
                + "recorded \"asked: SHUT_DOWN\", \"power off requested\" and did nothing\n"), run::toString);
        assertTrue(out.contains("  channels  4 IC channels (relids 3, 4, 5, 6) hot-offered as pipes, opened, "
                + "negotiated and closed: "), run::toString);
        assertTrue(out.contains("  coverage  IcNegotiation: 7 of 8 actions (missing: HostNegotiateTimeout)\n"),
                run::toString);
        assertTrue(out.contains("  coverage  FileCopy: 7 of 12 actions (missing: GuestAbandon, GuestCancel, "
                + "GuestReject, HostSendCancel, HostVanish)\n"), run::toString);
        assertTrue(out.contains("(4 channel trace(s)) against ic/TraceIcNegotiation.tla ..."), run::toString);
        assertTrue(out.contains("TLC       accepted: every event is a step of IcNegotiation ("), run::toString);
        assertTrue(out.contains("FileCopy events against ic/TraceFileCopy.tla ..."), run::toString);
        assertTrue(out.contains("TLC       accepted: every event is a step of FileCopy ("), run::toString);
        assertFalse(out.contains("FAILED"), run::toString);
    }

    @Test
    void shouldRunTheIntegrationServicesAndTheDisksOnAWindowsServer2008HostToo() {
        CliRun run = CliRun.of("demo", "--deterministic", "--seed", "3", "--host", "WINDOWS_SERVER_2008",
                "--packets", "10");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertTrue(run.out().contains("version   0.13 negotiated"), run::toString);
        assertTrue(run.out().contains("unload    not sent (0.13 has no UNLOAD_RESPONSE)"), run::toString);
        assertIcSection(run);
        assertStorageSection(run, "2.0", "no sub-channels (multi-channel needs 5.1)");
    }

    @Test
    void shouldRunTheIntegrationServicesAndTheDisksOnEveryHostPresetInBothModes() {
        for (org.hvref.channel.host.WindowsHost host : org.hvref.channel.host.WindowsHost.values()) {
            for (boolean deterministic : new boolean[] {true, false}) {
                BootDemo.Result r;
                try (DemoDisks disks = DemoDisks.create(null)) {
                    r = BootDemo.run(host, 3, deterministic, 2, java.time.Duration.ofSeconds(60), disks,
                            QemuImgCheck.onPath());
                }
                IcDemo.Report ic = r.ic();
                String where = host + (deterministic ? " deterministic" : " concurrent");
                assertEquals(5, ic.heartbeat().rounds(), where);
                assertEquals(0, ic.heartbeat().missed(), where);
                assertEquals(0, ic.timeSync().offsetAfterSync(), where);
                assertEquals(200_000_000L, ic.timeSync().offsetAfterSample(), where);
                assertEquals(1, ic.timeSync().steps(), where);
                assertTrue(ic.copy().result().ok(), where);
                assertEquals(ic.hostSha256(), ic.guestSha256(), where);
                assertInstanceOf(org.hvref.ic.shutdown.ShutdownResult.Accepted.class, ic.shutdown().result(), where);
                assertEquals(List.of("asked: SHUT_DOWN", IcDemo.POWER_OFF), ic.shutdown().handlerLog(), where);
                assertEquals(4, ic.icTraces().size(), where);
                assertEquals(host.newest(), r.boot().version(), where);
                assertStorage(r.storage(), host, where);
            }
        }
    }

    /** Both controllers at the preset's newest VSTOR version, every pattern read back, both image checks passed. */
    private static void assertStorage(StorageDemo.Report s, org.hvref.channel.host.WindowsHost host, String where) {
        assertEquals(StorageVersions.accepted(host), s.hostAccepts(), where);
        assertEquals(List.of(DemoDisks.SCSI, DemoDisks.IDE), s.controllers().stream()
                .map(StorageDemo.Controller::disk).toList(), where);
        for (StorageDemo.Controller c : s.controllers()) {
            String at = where + " " + c.disk().fileName();
            assertEquals(StorageVersions.newest(host), c.version(), at);
            assertEquals(1, c.luns().size(), at);
            assertEquals(c.disk().size(), c.luns().get(0).capacityBytes(), at);
            assertEquals(3, c.patterns().size(), at);
            assertTrue(c.patterns().stream().allMatch(StorageDemo.Pattern::equal), at);
            assertEquals(List.of(1, 1, 4), c.patterns().stream().map(StorageDemo.Pattern::writeSrbs).toList(), at);
            assertTrue(c.checked().readBack().ok(), () -> at + ": " + c.checked().readBack().line());
            assertInstanceOf(QemuImgCheck.Verdict.NoErrors.class, c.checked().qemu(), at);
            assertTrue(c.ok(), at);
            boolean multi = c.disk().controller() == org.hvref.storage.protocol.StorvscDeviceClass.SCSI
                    && c.version().isAtLeast(org.hvref.storage.protocol.VstorProtocolVersion.WIN8);
            assertEquals(multi ? StorageDemo.SCSI_SUB_CHANNELS : 0, c.openSubs(), at);
        }
        assertEquals(2, s.traces().size(), where);
    }

    @Test
    void shouldBootDeterministicallyWithASeedAndPrintTheSameReportTwice() {
        CliRun run = CliRun.of("demo", "--deterministic", "--seed", "5", "--host", "COPPER", "--packets", "30");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        CliRun again = CliRun.of("demo", "--deterministic", "--seed", "5", "--host", "COPPER", "--packets", "30");
        assertEquals(ExitCodes.OK, again.status(), again::toString);
        // everything up to the ring part (whose two threads always run concurrently), the times aside
        assertEquals(beforeRing(run.out()), beforeRing(again.out()));
        assertTrue(beforeRing(run.out()).contains("\nstorage: "), run::toString);
        assertStorageSection(run, "6.2", "1 sub-channel offered (relid 8), 1 opened by the guest");
        String out = run.out();
        assertTrue(out.contains("(COPPER, newest 6.0), deterministic mode (seed 5)"), run::toString);
        assertTrue(out.contains("version   6.0 negotiated"), run::toString);
        assertTrue(out.contains("modify    target VP moved"), run::toString);
        assertTrue(out.contains("packets   68 echoed intact: 24 requests, 22 GPA-direct, 22 posts"), run::toString);
        assertEquals(2, vmbusRingAcceptances(out), run::toString);
        assertIcSection(run);
        assertTrue(out.endsWith("demo: passed\n"), run::toString);
    }

    @Test
    void shouldValidateTheEchoRingsOfAPreWin8Boot() {
        CliRun run = CliRun.of("demo", "--deterministic", "--seed", "3", "--host", "WINDOWS_SERVER_2008",
                "--packets", "20");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        String out = run.out();
        assertTrue(out.contains("version   0.13 negotiated"), run::toString);
        assertTrue(out.contains("rings     echo channel relid 1: guest->host "), run::toString);
        assertEquals(2, vmbusRingAcceptances(out), run::toString);
        assertTrue(out.endsWith("demo: passed\n"), run::toString);
    }

    /** The report before the ring part, with every elapsed time replaced by {@code T}. */
    private static String beforeRing(String out) {
        return out.substring(0, out.indexOf("\nring: ")).replaceAll("\\d+ ms", "T ms")
                .replaceAll("\\d+\\.\\d s\\)", "T s)");
    }

    private static long vmbusRingAcceptances(String out) {
        return out.lines().filter(l -> l.contains("accepted: every event is a step of VmbusRing")).count();
    }

    @Test
    void shouldListEveryDeclaredChannelActionOnce() {
        SpecCoverage c = SpecCoverage.of("VmbusChannel", List.of("GuestSendUnload", "WriterCopy", "GuestSendUnload"),
                org.hvref.channel.guest.VmbusClient.class, org.hvref.channel.host.VmbusServer.class);
        assertTrue(c.actions().containsAll(List.of("GuestSendInitiateContact", "HostRcvInitiateContact",
                "GuestSendGpadlBody", "HostSendRescind")), c::toString);
        assertEquals(java.util.Set.of("GuestSendUnload"), c.seen());
        assertEquals(c.actions().size() - 1, c.missing().size());
    }

    @Test
    void shouldDescribeTheIntegrationServicesInHelp() {
        CliRun run = CliRun.of("demo", "--help");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        String help = run.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("heartbeat, time sync, file copy and shutdown over IC channels"), run::toString);
        assertTrue(help.contains("the IcNegotiation traces, the FileCopy trace and the StorvscProtocol traces with TLC"),
                run::toString);
        assertTrue(help.contains("a SCSI and an IDE disk on VHDX images the guest writes, flushes and reads back, the "
                + "images checked afterwards by hvref and qemu-img check"), run::toString);
        assertTrue(help.contains("--disk-dir=DIR"), run::toString);
    }

    @Test
    void shouldDocumentEveryCommandAndExitStatusInTheReadme() throws java.io.IOException {
        java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
        String text = java.nio.file.Files.readString(readme);
        for (String heading : new String[] {"### `hvref check", "### `hvref demo", "### `hvref copy HOSTFILE GUESTPATH "
                + "--guest-root DIR", "### `hvref vectors", "**Integration services.**", "**Storage.**", "--disk-dir DIR"}) {
            assertTrue(text.contains(heading), heading);
        }
        for (int status : new int[] {ExitCodes.OK, ExitCodes.FAILED, ExitCodes.BAD_INPUT, ExitCodes.INTERNAL,
            ExitCodes.REFUSED}) {
            assertTrue(text.contains("\n| " + status + " | "), () -> "exit status " + status + " in README's table");
        }
    }

    @Test
    void shouldKeepTheImagesInADiskDirWhereQemuImgFindsNoErrorsAndRefuseToOverwriteThem(@TempDir Path dir)
            throws java.io.IOException {
        Path disks = dir.resolve("disks");
        CliRun run = CliRun.of("demo", "--deterministic", "--seed", "8", "--host", "WINDOWS_8", "--packets", "5",
                "--disk-dir", disks.toString());
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertTrue(run.out().contains("created by hvref in " + disks + " (kept)\n"), run::toString);
        assertTrue(run.out().contains("VSTOR 5.1 negotiated, 1 sub-channel offered"), run::toString);
        for (DemoDisks.Disk d : DemoDisks.DISKS) {
            Path image = disks.resolve(d.fileName());
            assertEquals(org.hvref.disk.DiskFormat.VHDX, org.hvref.disk.DiskImages.probe(image));
            // qemu-img itself, not the demo's reading of it: exit 0 and no error counted
            Process p = new ProcessBuilder("qemu-img", "check", "-f", "vhdx", image.toString())
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, waitFor(p), said);
            assertTrue(said.contains("No errors were found on the image."), said);
            // the guest's bytes are where the report says
            DemoDisks.Write w = DemoDisks.plan(d, 8).get(2);
            assertTrue(run.out().contains(w.describe()), run::toString);
            assertTrue(DemoDisks.readBack(image, DemoDisks.plan(d, 8)).ok());
        }
        long before = Files.size(disks.resolve("scsi.vhdx"));
        CliRun again = CliRun.of("demo", "--deterministic", "--disk-dir", disks.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.status(), again::toString);
        assertEquals("hvref: disk dir: " + disks.resolve("scsi.vhdx") + " exists (expected: a directory without "
                + "scsi.vhdx and ide.vhdx)\n", again.err());
        assertEquals("", again.out());
        assertEquals(before, Files.size(disks.resolve("scsi.vhdx")));
    }

    @Test
    void shouldFailTheDemoWhenQemuImgCountsAnErrorAndPassWithoutQemuImg(@TempDir Path dir) throws java.io.IOException {
        Path fake = dir.resolve("fake-qemu-img");
        Files.writeString(fake, "#!/bin/sh\necho '{\"corruptions\": 1, \"check-errors\": 0}'\n"
                + "echo 'qemu-img: fake corruption' >&2\nexit 2\n");
        assertTrue(fake.toFile().setExecutable(true));
        String[] args = {"demo", "--deterministic", "--seed", "4", "--packets", "5"};
        CliRun failed = withQemuImg(fake.toString(), args);
        assertEquals(ExitCodes.FAILED, failed.status(), failed::toString);
        assertEquals(2, failed.out().lines().filter(l -> l.endsWith("; qemu-img check: ERRORS (exit 2): "
                + "corruptions 1")).count(), failed::toString);
        assertTrue(failed.out().contains("  FAILED    scsi (figures above)\n  FAILED    ide (figures above)\n"),
                failed::toString);
        assertTrue(failed.out().contains("accepted: every event is a step of StorvscProtocol"), failed::toString);
        assertTrue(failed.out().endsWith("demo: FAILED\n"), failed::toString);

        CliRun without = withQemuImg(dir.resolve("no-qemu-img-here").toString(), args);
        assertEquals(ExitCodes.OK, without.status(), without::toString);
        assertEquals(2, without.out().lines().filter(l -> l.endsWith("read-only: every block as written, the "
                + "sectors around them zero; " + dir.resolve("no-qemu-img-here") + " not found: external check "
                + "skipped (install qemu-utils to run it)")).count(), without::toString);
        assertTrue(without.out().endsWith("demo: passed\n"), without::toString);
    }

    private static CliRun withQemuImg(String program, String... args) {
        System.setProperty(QemuImgCheck.PROGRAM_PROPERTY, program);
        try {
            return CliRun.of(args);
        } finally {
            System.clearProperty(QemuImgCheck.PROGRAM_PROPERTY);
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void shouldRejectAnUnknownHostPreset() {
        CliRun run = CliRun.of("demo", "--host", "WINDOWS_95");
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertTrue(run.err().contains("WINDOWS_95"), run::toString);
    }

    @Test
    void shouldRejectAMaxPayloadLargerThanTheRingCarries() {
        CliRun run = CliRun.of("demo", "--max-payload", "20000");
        assertEquals(ExitCodes.BAD_INPUT, run.status(), run::toString);
        assertEquals("hvref: max payload: 20000 (expected: 8..12256 for a 12288-byte ring)\n", run.err());
    }

    @Test
    void shouldExerciseBothSignalDirectionsAndTheFullRing() throws InterruptedException {
        DemoRun.Report r = new DemoRun(300, 1500, 7, java.time.Duration.ofSeconds(60)).run();
        assertEquals(null, r.failure());
        assertEquals(300, r.packets());
        assertTrue(r.readerSignals() > 0, () -> "writer -> reader signals: " + r);
        assertTrue(r.writerFull() > 0 && r.writerSleeps() > 0 && r.writerSignals() > 0,
                () -> "full ring, pending_send_sz sleep and wake-up: " + r);
        assertTrue(r.events().stream().anyMatch(e -> e.action().equals("WriterWake")), "a WriterWake event");
    }

    @Test
    void shouldPutTheActionNameFirstInEachEventMap() {
        assertEquals(org.hvref.spec.trace.TraceModuleWriter.EVENT, TraceEvent.ACTION_KEY);
        Map<String, Object> map = new TraceEvent("WriterPublish", Map.of("wi", 24)).toRecord();
        assertEquals(List.of("e", "wi"), List.copyOf(map.keySet()));
        assertEquals("WriterPublish", map.get("e"));
    }
}
