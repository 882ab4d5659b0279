package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

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
        assertTrue(out.endsWith("demo: passed\n"), run::toString);
    }

    @Test
    void shouldBootDeterministicallyWithASeed() {
        CliRun run = CliRun.of("demo", "--deterministic", "--seed", "5", "--host", "COPPER", "--packets", "30");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        String out = run.out();
        assertTrue(out.contains("(COPPER, newest 6.0), deterministic mode (seed 5)"), run::toString);
        assertTrue(out.contains("version   6.0 negotiated"), run::toString);
        assertTrue(out.contains("modify    target VP moved"), run::toString);
        assertTrue(out.contains("packets   68 echoed intact: 24 requests, 22 GPA-direct, 22 posts"), run::toString);
        assertEquals(2, vmbusRingAcceptances(out), run::toString);
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
