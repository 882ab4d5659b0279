package org.hvref.storage.hazard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcResult;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.StorvscTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.OpaquePayload;
import org.hvref.storage.protocol.SrbStatus;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VmScsiRequestDescriptor;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketDescriptor;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.scsi.ScsiStatus;
import org.hvref.storage.session.StorvscActions;
import org.hvref.storage.session.StorvscHostState;
import org.hvref.storage.session.StorvscTraceClasses;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscClientConfig;
import org.hvref.storage.vsc.StorvscIoError;
import org.hvref.storage.vsc.StorvscIoException;
import org.hvref.storage.vsp.StorvscHostError;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression per must-fail configuration {@code storvsc/MCStorvscProtocol_*_bug.cfg} of spec/src/tla/manifest.json
 * (hazards.md #11 a/b/c, #19 L-STOR-1 / M7 / M8, issue 5 §4), plus the check that the list matches the manifest. Each
 * forces the hazard on the real VSP / VSC over a deterministic machine ({@link GatedStorageController}: a tampering
 * or hostile host, a held request, a removed LUN) and asserts the safe outcome the spec requires; then shows that the
 * spec catches the buggy behaviour: the event a buggy guest would record, spliced into the real trace, is rejected by
 * TLC at exactly that event; where the buggy guest's trace looks like a correct one (its outcome is not an event
 * field), TLC runs the bug configuration and must report the manifest's violation.
 */
class StorvscHazardRegressionTest {
    /** The hazards covered here (the cfg names between {@code MCStorvscProtocol_} and {@code _bug}). */
    static final List<String> HAZARDS = List.of("unknown_srb_success", "presence_requires_success",
            "omit_completion_flag", "accept_any_as_completion", "no_id_validation", "guest_id0", "io_after_remove");

    private static final int P = VstorPacketDescriptor.PAYLOAD_OFFSET;

    private static SpecFiles files;
    private static StorvscTraceValidator validator;
    private static JsonNode manifest;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        files = SpecFiles.materialize();
        validator = new StorvscTraceValidator(TlcRunner.usingClasspath(), files);
        manifest = new ObjectMapper().readTree(Files.readString(files.root().resolve("manifest.json")));
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Path fresh() {
        try {
            return Files.createTempDirectory(dir, "c");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, Object> event(String action, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TraceEvent.ACTION_KEY, action);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> withFields(Map<String, Object> e, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(e);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String action(Map<String, Object> e) {
        return (String) e.get(TraceEvent.ACTION_KEY);
    }

    static long id(Map<String, Object> e) {
        return ((Number) e.get("id")).longValue();
    }

    /** Indexes of the events of {@code action} that match. */
    static List<Integer> indexes(List<Map<String, Object>> t, String action, Predicate<Map<String, Object>> p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (action.equals(action(t.get(i))) && p.test(t.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    static int first(List<Map<String, Object>> t, String action, Predicate<Map<String, Object>> p) {
        List<Integer> all = indexes(t, action, p);
        assertFalse(all.isEmpty(), () -> action + " not in the trace " + t);
        return all.get(0);
    }

    /** The trace up to {@code k} with event {@code k} replaced (TLC must reject there). */
    static List<Map<String, Object>> replaceAt(List<Map<String, Object>> t, int k, Map<String, Object> bug) {
        List<Map<String, Object>> b = new ArrayList<>(t.subList(0, k + 1));
        b.set(k, bug);
        return b;
    }

    static void assertAccepted(List<Map<String, Object>> real) {
        TraceVerdict ok = validator.validate(List.of(real));
        assertTrue(ok.accepted(), () -> "the real trace: " + ok + "\n" + real);
    }

    /** The real trace is accepted; the buggy one rejected at {@code at}. */
    static void assertTlc(List<Map<String, Object>> real, List<Map<String, Object>> buggy, int at) {
        assertAccepted(real);
        TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class, validator.validate(List.of(buggy)),
                () -> "the buggy trace " + buggy);
        assertEquals(at, r.eventIndex(), () -> "TLC rejects at the spliced event " + buggy.get(at) + ": "
                + r.message());
        assertEquals(buggy.get(at), r.event());
        System.out.println("StorvscProtocol: buggy " + buggy.get(at) + " rejected at event " + at);
    }

    /** TLC on the hazard's bug configuration reports the manifest's violation (which must be {@code expected}). */
    static void assertBugConfigViolates(String hazard, String expected) {
        String cfg = "storvsc/MCStorvscProtocol_" + hazard + "_bug.cfg";
        String pinned = null;
        for (JsonNode entry : manifest) {
            if (cfg.equals(entry.path("cfg").asText())) {
                pinned = entry.path("violated").asText();
            }
        }
        assertEquals(expected, pinned, "manifest.json pins " + cfg);
        TlcResult r = TlcRunner.usingClasspath().run(files.root(), "storvsc/MCStorvscProtocol", cfg);
        assertEquals(expected, r.violated(), () -> "TLC " + cfg + ": " + r.summary());
        System.out.println("StorvscProtocol: " + cfg + " violates " + r.violated());
    }

    static StorvscIoException ioFailure(GatedStorageController c, CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, () -> c.m.await(f));
        return assertInstanceOf(StorvscIoException.class, e.getCause(), () -> e.getCause().toString());
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static VstorPacketForm form(GatedStorageController c) {
        return c.host.version().orElseThrow().form();
    }

    /** An encoded completion rewritten to the given SRB and SCSI status with no data (a tampering host). */
    static byte[] rewritten(byte[] completion, int srbStatus, int scsiStatus, byte[] sense) {
        byte[] b = completion.clone();
        b[P + VmScsiRequestDescriptor.SRB_STATUS_OFFSET] = (byte) srbStatus;
        b[P + VmScsiRequestDescriptor.SCSI_STATUS_OFFSET] = (byte) scsiStatus;
        for (int i = 0; i < 4; i++) {
            b[P + VmScsiRequestDescriptor.DATA_TRANSFER_LENGTH_OFFSET + i] = 0;
        }
        b[P + VmScsiRequestDescriptor.SENSE_INFO_LENGTH_OFFSET] = (byte) sense.length;
        System.arraycopy(sense, 0, b, P + VmScsiRequestDescriptor.CDB_OR_SENSE_OFFSET, sense.length);
        return b;
    }

    // ---- unknown_srb_success (hazards.md #19, L-STOR-1): SRB 0x30 is an error, never a zero-length success -------

    @Test
    void unknownSrbSuccess() {
        // 0x30 (L-STOR-1), 0x30 with the QUEUE_FROZEN flag (L-STOR-2: flags + a 6-bit integer), and PENDING 0x00
        for (int status : List.of(SrbStatus.INTERNAL_ERROR, SrbStatus.INTERNAL_ERROR | SrbStatus.QUEUE_FROZEN,
                SrbStatus.PENDING)) {
            String cls = StorvscTraceClasses.srb(status);
            AtomicBoolean armed = new AtomicBoolean();
            try (GatedStorageController c = GatedStorageController.start(11, fresh(), List.of(0),
                    StorvscClientConfig.linux(StorvscDeviceClass.SCSI), h -> h.tamperSrbCompletionsForTests(
                            b -> armed.get() ? rewritten(b, status, ScsiStatus.GOOD, new byte[0]) : b))) {
                byte[] data = random(4096, status);
                c.m.await(c.client.write(0, 16, data));
                int before = c.events().size();
                armed.set(true);
                StorvscIoException e = ioFailure(c, c.client.read(0, 16, 8));
                armed.set(false);
                List<Map<String, Object>> read = c.events().subList(before, c.events().size());
                assertEquals(List.of(StorvscActions.GUEST_ISSUE_IO, StorvscActions.HOST_RCV_SRB,
                        StorvscActions.GUEST_RCV_SRB_COMPLETE), read.stream().map(ev -> action(ev)).toList());
                assertEquals(cls, read.get(1).get("srb"), "the host's recorded answer");
                assertEquals(cls, read.get(2).get("srb"), "the guest's recorded answer");
                assertEquals(true, read.get(2).get("ok"));
                assertEquals(StorvscIoError.SRB_ERROR, e.reason(), e::toString);
                assertEquals(status, e.srbStatus());
                // the channel keeps working: the next read returns the data
                assertArrayEquals(data, c.m.await(c.client.read(0, 16, 8)));
                List<Map<String, Object>> t = c.events();
                // the real trace (a host answering 0x30 / PENDING) is a behaviour of the spec; a guest taking it for a success
                // records the same events, so only the bug configuration can show the hazard
                assertAccepted(t);
            }
        }
        assertBugConfigViolates("unknown_srb_success", "NoZeroLengthSuccessInv");
    }

    // ---- presence_requires_success (hazards.md #19, M8): a LUN is present unless INVALID_LUN -----------------------

    @Test
    void presenceRequiresSuccess() {
        // the first SRB after init is the scan's TEST UNIT READY of LUN 0: answered like a drive without medium
        // (ERROR | AUTOSENSE_VALID, CHECK CONDITION, NOT READY / MEDIUM NOT PRESENT 3Ah)
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = 0x02;
        sense[7] = 10;
        sense[12] = 0x3A;
        AtomicInteger completions = new AtomicInteger();
        try (GatedStorageController c = GatedStorageController.start(12, fresh(), List.of(0),
                StorvscClientConfig.linux(StorvscDeviceClass.SCSI), h -> h.tamperSrbCompletionsForTests(
                        b -> completions.getAndIncrement() == 0
                                ? rewritten(b, SrbStatus.ERROR | SrbStatus.AUTOSENSE_VALID, ScsiStatus.CHECK_CONDITION,
                                sense) : b))) {
            List<Map<String, Object>> t = c.events();
            int probe = first(t, StorvscActions.GUEST_PROBE, ev -> true);
            int answer = first(t, StorvscActions.GUEST_RCV_SRB_COMPLETE, ev -> true);
            assertTrue(probe < answer);
            assertEquals(0, t.get(probe).get("lun"));
            assertEquals("error", t.get(answer).get("srb"), t::toString);
            // the LUN is present (visible) although its probe did not answer SUCCESS, and it is usable
            assertEquals(Set.of(0), c.client.visibleLuns());
            assertEquals(1, c.client.luns().size(), c.client::toString);
            byte[] data = random(512, 12);
            c.m.await(c.client.write(0, 1, data));
            assertArrayEquals(data, c.m.await(c.client.read(0, 1, 1)));
            // (the run is not validated: the spec's disk answers a probe only with SUCCESS; a DVD without medium,
            // which this tamper plays, has no VSP model yet)
        }
        assertBugConfigViolates("presence_requires_success", "AllNonInvalidLunVisibleInv");
    }

    // ---- omit_completion_flag (hazards.md #19, M7): every init packet asks for its completion ----------------------

    @Test
    void omitCompletionFlag() {
        try (GatedStorageController c = GatedStorageController.start(13, fresh(), List.of(0))) {
            List<VmbusPacket> seen = c.gate.seen();
            long init = seen.stream().filter(p -> p.transactionId() == StorvscClient.INIT_TRANSACTION_ID).count();
            assertTrue(init >= 4, "BEGIN, version, properties, END: " + init);
            for (VmbusPacket p : seen) {
                assertTrue(p.completionRequested(), () -> "guest packet without COMPLETION_REQUESTED: " + p);
                byte[] b = p.payload();
                assertEquals(1, b[VstorPacketDescriptor.FLAGS_OFFSET] & 1, () -> "vstor REQUEST_COMPLETION: " + p);
            }
            // a packet without the flag (what the buggy guest sends): refused, not answered, nothing changes
            int events = c.events().size();
            long refused = c.host.refusedPackets();
            long dropped = c.client.droppedCompletions();
            VstorPacketForm form = form(c);
            byte[] begin = VstorPacketCodec.encode(new VstorPacket(form, VstorOperation.BEGIN_INITIALIZATION, 0,
                    VstorStatus.SUCCESS, OpaquePayload.zeros(form)));
            c.m.await(c.m.onGuest("flagless BEGIN", () -> c.channel.endpoint().send(new InBandPacket(0,
                    StorvscClient.INIT_TRANSACTION_ID, begin))));
            c.m.settle();
            assertEquals(refused + 1, c.host.refusedPackets());
            List<org.hvref.storage.vsp.StorvscHostException> errors = c.host.recentErrors();
            assertEquals(StorvscHostError.NOT_TRANSACTIONAL, errors.get(errors.size() - 1).reason());
            assertEquals(StorvscHostState.READY, c.host.state());
            assertEquals(events, c.events().size(), "no step of the spec");
            assertEquals(dropped, c.client.droppedCompletions(), "no answer");
            byte[] data = random(1024, 13);
            c.m.await(c.client.write(0, 2, data));
            assertArrayEquals(data, c.m.await(c.client.read(0, 2, 2)));
            assertAccepted(c.events());
        }
        // the buggy guest's trace ends after GuestBeginInit: a prefix of a correct one; the bug config shows the hang
        assertBugConfigViolates("omit_completion_flag", "InitEndsProp");
    }

    // ---- accept_any_as_completion (hazards.md #11 a, M9): a notification never completes a request ----------------

    @Test
    void acceptAnyAsCompletion() {
        try (GatedStorageController c = GatedStorageController.start(14, fresh(), List.of(0, 1))) {
            c.hold();
            CompletableFuture<byte[]> read = c.client.read(1, 0, 1);
            c.m.settle();
            assertEquals(1, c.gate.heldCount());
            List<Map<String, Object>> before = c.events();
            Map<String, Object> issued = before.get(before.size() - 1);
            assertEquals(StorvscActions.GUEST_ISSUE_IO, action(issued));
            long live = id(issued);
            // the hostile host detaches LUN 1, then sends REMOVE_DEVICE under the read's live transaction id
            c.onHost("remove device with a live id", () -> {
                synchronized (c.trace.lock()) {
                    c.target.detach(1);
                    c.trace.record(StorvscActions.HOST_HOT_REMOVE, "lun", 1, "id", live);
                    VstorPacketForm form = form(c);
                    c.hostEndpoint().send(new InBandPacket(0, live, VstorPacketCodec.encode(new VstorPacket(form,
                            VstorOperation.REMOVE_DEVICE, 0, VstorStatus.SUCCESS, OpaquePayload.zeros(form)))));
                }
                return null;
            });
            c.m.settle();
            assertEquals(1, c.client.notifications());
            assertFalse(read.isDone(), "the notification completed the read");
            assertTrue(c.client.outstanding() >= 1);
            c.release();
            // the read ends with its own completion: INVALID_LUN, the LUN is gone
            StorvscIoException e = ioFailure(c, read);
            assertEquals(StorvscIoError.INVALID_LUN, e.reason(), e::toString);
            assertEquals(SrbStatus.INVALID_LUN, SrbStatus.code(e.srbStatus()));
            c.m.await(c.client.scanned());
            assertEquals(Set.of(0), c.client.visibleLuns());
            List<Map<String, Object>> t = c.events();
            int k = first(t, StorvscActions.GUEST_RCV_NOTIFICATION, ev -> true);
            assertEquals(live, id(t.get(k)));
            assertEquals(StorvscActions.OP_REMOVE, t.get(k).get("op"));
            List<Map<String, Object>> bug = replaceAt(t, k, event(StorvscActions.GUEST_RCV_SRB_COMPLETE, "id", live,
                    "srb", "success", "ok", true));
            assertTlc(t, bug, k);
        }
    }

    // ---- no_id_validation (hazards.md #11 b, MO4, L-XACT-1): completions for ids not outstanding are dropped -------

    @Test
    void noIdValidation() {
        try (GatedStorageController c = GatedStorageController.start(15, fresh(), List.of(0))) {
            long unknown = StorvscClientConfig.linux(StorvscDeviceClass.SCSI).slots() + 968L; // outside the table
            long dropped = c.client.droppedCompletions();
            List<Long> strays = List.of(0L, 1L, unknown); // zero, a slot used before and free now, unknown
            for (long id : strays) {
                c.onHost("stray " + id, () -> {
                    c.host.sendStrayCompletionForTests(id);
                    return null;
                });
                c.m.settle();
            }
            assertEquals(dropped + strays.size(), c.client.droppedCompletions());
            assertEquals(0, c.client.outstanding());
            // strays while a read is outstanding (under slot 1) leave it alone; its own completion carries the data
            byte[] data = random(512, 15);
            c.m.await(c.client.write(0, 5, data));
            c.hold();
            CompletableFuture<byte[]> read = c.client.read(0, 5, 1);
            c.m.settle();
            for (long id : List.of(0L, 2L, unknown)) {
                c.onHost("stray " + id, () -> {
                    c.host.sendStrayCompletionForTests(id);
                    return null;
                });
                c.m.settle();
            }
            assertFalse(read.isDone(), "a stray completed the read");
            assertEquals(dropped + 6, c.client.droppedCompletions());
            c.release();
            assertArrayEquals(data, c.m.await(read));
            List<Map<String, Object>> t = c.events();
            List<Integer> droppedAt = indexes(t, StorvscActions.GUEST_RCV_SRB_COMPLETE,
                    ev -> Boolean.FALSE.equals(ev.get("ok")));
            assertEquals(6, droppedAt.size(), t::toString);
            assertAccepted(t);
            for (int k : List.of(droppedAt.get(0), droppedAt.get(1), droppedAt.get(2), droppedAt.get(4))) {
                List<Map<String, Object>> bug = replaceAt(t, k, withFields(t.get(k), "ok", true));
                TraceVerdict.Rejected r = assertInstanceOf(TraceVerdict.Rejected.class,
                        validator.validate(List.of(bug)), () -> "buggy " + bug.get(k));
                assertEquals(k, r.eventIndex(), r::message);
                System.out.println("StorvscProtocol: buggy " + bug.get(k) + " rejected at event " + k);
            }
        }
    }

    // ---- guest_id0 (hazards.md #11 c, L-XACT-2): the guest never sends EXECUTE_SRB under id 0 ----------------------

    @Test
    void guestId0() {
        StorvscClientConfig two = StorvscClientConfig.linux(StorvscDeviceClass.SCSI).withSlots(2);
        try (GatedStorageController c = GatedStorageController.start(16, fresh(), List.of(0), two, h -> { })) {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            Map<Integer, byte[]> data = new TreeMap<>();
            for (int i = 0; i < 6; i++) { // more requests than slots: they wait and reuse ids 1 and 2
                data.put(i, random(512, 160 + i));
                writes.add(c.client.write(0, 40 + i, data.get(i)));
            }
            writes.forEach(c.m::await);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(data.get(i), c.m.await(c.client.read(0, 40 + i, 1)));
            }
            Set<Long> wire = new TreeSet<>();
            for (VmbusPacket p : c.gate.seen()) {
                if (p.transactionId() != StorvscClient.INIT_TRANSACTION_ID) {
                    wire.add(p.transactionId());
                }
            }
            assertEquals(Set.of(1L, 2L), wire, "EXECUTE_SRB transaction ids on the wire");
            List<Map<String, Object>> t = c.events();
            Set<Long> traced = new TreeSet<>();
            for (Map<String, Object> ev : t) {
                if (Set.of(StorvscActions.GUEST_PROBE, StorvscActions.GUEST_ISSUE_IO, StorvscActions.HOST_RCV_SRB)
                        .contains(action(ev))) {
                    traced.add(id(ev));
                }
            }
            assertEquals(Set.of(1L, 2L), traced);
            int k = first(t, StorvscActions.GUEST_ISSUE_IO, ev -> true);
            List<Map<String, Object>> bug = replaceAt(t, k, withFields(t.get(k), "id", 0L));
            assertTlc(t, bug, k);
        }
        // the liveness side: Hyper-V ignores the id-0 request, which never completes
        assertBugConfigViolates("guest_id0", "RequestCompletesProp");
    }

    // ---- io_after_remove (issue 5 §4): no request to a LUN the rescan found removed --------------------------------

    @Test
    void ioAfterRemove() {
        try (GatedStorageController c = GatedStorageController.start(17, fresh(), List.of(0, 1))) {
            assertEquals(Set.of(0, 1), c.client.visibleLuns());
            c.onHost("hot remove", () -> {
                c.host.hotRemove(1);
                return null;
            });
            c.m.settle();
            c.m.await(c.client.scanned());
            assertEquals(Set.of(0), c.client.visibleLuns());
            int events = c.events().size();
            int packets = c.gate.seen().size();
            long completed = c.host.srbsCompleted();
            List<CompletableFuture<?>> asked = List.of(c.client.read(1, 0, 1), c.client.write(1, 0, new byte[512]),
                    c.client.flush(1), c.client.execute(1, new byte[6], DataDirection.NONE, new byte[0], 0, 0));
            for (CompletableFuture<?> f : asked) {
                assertEquals(StorvscIoError.INVALID_LUN, ioFailure(c, f).reason());
            }
            c.m.settle();
            assertEquals(events, c.events().size(), "no GuestIssueIo");
            assertEquals(packets, c.gate.seen().size(), "nothing sent");
            assertEquals(completed, c.host.srbsCompleted());
            byte[] data = random(512, 17);
            c.m.await(c.client.write(0, 9, data));
            assertArrayEquals(data, c.m.await(c.client.read(0, 9, 1)));
            List<Map<String, Object>> t = c.events();
            int removed = first(t, StorvscActions.GUEST_RCV_SRB_COMPLETE, ev -> "invalidLun".equals(ev.get("srb")));
            assertTrue(removed > first(t, StorvscActions.HOST_HOT_REMOVE, ev -> true));
            // the buggy guest sends I/O to LUN 1 anyway
            List<Map<String, Object>> bug = new ArrayList<>(t);
            bug.add(event(StorvscActions.GUEST_ISSUE_IO, "id", 1L, "lun", 1, "cdb", "io"));
            assertTlc(t, bug, t.size());
        }
    }

    // ---- the list ---------------------------------------------------------------------------------------------------

    @Test
    void shouldHaveARegressionForEveryStorvscMustFailConfigOfTheManifest() {
        TreeSet<String> bugs = new TreeSet<>();
        for (JsonNode entry : manifest) {
            String cfg = entry.path("cfg").asText();
            if (cfg.startsWith("storvsc/") && !"pass".equals(entry.path("expect").asText())) {
                bugs.add(cfg);
            }
        }
        TreeSet<String> covered = new TreeSet<>();
        HAZARDS.forEach(h -> covered.add("storvsc/MCStorvscProtocol_" + h + "_bug.cfg"));
        assertEquals(bugs, covered, "one regression per must-fail cfg under storvsc/");
        assertEquals(7, covered.size());
    }
}
