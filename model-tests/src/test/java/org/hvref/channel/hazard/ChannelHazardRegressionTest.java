package org.hvref.channel.hazard;

import static org.hvref.channel.hazard.ChannelRig.count;
import static org.hvref.channel.hazard.ChannelRig.drops;
import static org.hvref.channel.hazard.ChannelRig.failedWith;
import static org.hvref.channel.hazard.ChannelRig.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.hvref.channel.guest.ChannelRescindedException;
import org.hvref.channel.guest.ChannelState;
import org.hvref.channel.guest.OpenedChannel;
import org.hvref.channel.guest.RequestFailedException;
import org.hvref.channel.host.HostChannelState;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.ChannelMessageType;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.trace.ChannelSession;
import org.hvref.channel.trace.ChannelTraceChecker;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.Side;
import org.junit.jupiter.api.Test;

/**
 * One regression per channel {@code _bug} configuration of spec/src/tla/manifest.json: the interleaving of the
 * bug's counterexample is forced on the reference host and guest (deterministic scheduler), the Java side must do
 * the safe thing (asserted on both sides; its trace accepted by TLC), and the buggy behaviour, spliced into that
 * real trace as the event a buggy side would record, must be rejected by TLC at that event (so the check can fail).
 * All traces go to TLC in one run ({@link TraceBatch}).
 */
class ChannelHazardRegressionTest {

    /** A real trace with the buggy event spliced in at {@code at}, where TLC must reject it. */
    record Buggy(List<Map<String, Object>> trace, int at) {
    }

    /** A hazard: its Java scenario (asserting the safe outcome) and the buggy trace built from its trace. */
    record Hazard(java.util.function.Supplier<List<Map<String, Object>>> java,
                  Function<List<Map<String, Object>>, Buggy> bug) {
    }

    private static final Map<String, Hazard> HAZARDS = new LinkedHashMap<>();

    static {
        HAZARDS.put("teardown_in_use", new Hazard(ChannelHazardRegressionTest::teardownInUse,
                t -> replaceAt(t, indexOf(t, "HostRcvGpadlTeardown", null, null), "err", "UnknownGpadl")));
        HAZARDS.put("early_release", new Hazard(ChannelHazardRegressionTest::earlyRelease,
                t -> spliceAfter(t, indexOf(t, "GuestRcvRescind", null, null), ev("GuestSendRelidReleased", "r", 1))));
        HAZARDS.put("open_after_rescind", new Hazard(ChannelHazardRegressionTest::openAfterRescind,
                t -> spliceAfter(t, indexOf(t, "HostSendRescind", null, null),
                        ev("HostSendOpenResult", "r", 1, "ok", true))));
        HAZARDS.put("no_wake_on_rescind", new Hazard(ChannelHazardRegressionTest::noWakeOnRescind,
                t -> spliceAfter(t, indexOf(t, "GuestRcvRescind", null, null),
                        ev("HostSendOpenResult", "r", 1, "ok", false))));
        HAZARDS.put("handle_reuse", new Hazard(ChannelHazardRegressionTest::handleReuse,
                t -> spliceAfter(t, indexOf(t, "GuestRcvGpadlCreated", null, null),
                        ev("GuestSendGpadlHeader", "r", 1, "h", t.get(indexOf(t, "GuestRcvGpadlCreated", null, null))
                                .get("h"), "n", 0))));
        HAZARDS.put("reoffer_before_release", new Hazard(ChannelHazardRegressionTest::reofferBeforeRelease,
                t -> spliceAfter(t, indexOf(t, "HostSendRescind", null, null), ev("HostSendOffer", "r", 1))));
        HAZARDS.put("ignore_gpadl_failure", new Hazard(ChannelHazardRegressionTest::ignoreGpadlFailure,
                t -> spliceAfter(t, indexOf(t, "GuestRcvGpadlCreated", "ok", false), ev("GuestSendOpenChannel", "r",
                        1, "h", t.get(indexOf(t, "GuestRcvGpadlCreated", "ok", false)).get("h")))));
        HAZARDS.put("duplicate_rescind", new Hazard(ChannelHazardRegressionTest::duplicateRescind,
                t -> spliceAfter(t, indexOf(t, "HostSendRescind", null, null), ev("HostSendRescind", "r", 1))));
        HAZARDS.put("reconnect_without_unload", new Hazard(ChannelHazardRegressionTest::reconnectWithoutUnload,
                t -> spliceAfter(t, indexOf(t, "GuestRcvAllOffersDelivered", null, null),
                        ev("GuestSendInitiateContact", "v", t.get(0).get("v")))));
    }

    private static final TraceBatch TLC = batch();

    private static TraceBatch batch() {
        TraceBatch b = new TraceBatch();
        HAZARDS.forEach((name, h) -> {
            b.add("java:" + name, h.java());
            b.add("bug:" + name, () -> h.bug().apply(h.java().get()).trace());
        });
        return b;
    }

    private static Map<String, Object> ev(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", kv[0]);
        for (int i = 1; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The trace up to k, then the buggy event (at k + 1, where TLC must reject). */
    private static Buggy spliceAfter(List<Map<String, Object>> t, int k, Map<String, Object> bug) {
        assertTrue(k >= 0, "splice point not in the trace: " + t);
        List<Map<String, Object>> b = new ArrayList<>(t.subList(0, k + 1));
        b.add(bug);
        return new Buggy(b, k + 1);
    }

    /** The trace up to k, with event k carrying a changed field (where TLC must reject). */
    private static Buggy replaceAt(List<Map<String, Object>> t, int k, String field, Object value) {
        assertTrue(k >= 0, "event not in the trace: " + t);
        List<Map<String, Object>> b = new ArrayList<>(t.subList(0, k + 1));
        Map<String, Object> e = new LinkedHashMap<>(b.get(k));
        e.put(field, value);
        b.set(k, e);
        return new Buggy(b, k);
    }

    private static void check(String name) {
        Hazard h = HAZARDS.get(name);
        List<Map<String, Object>> t = h.java().get();
        assertEquals(TLC.trace("java:" + name), t, name + ": deterministic");
        assertEquals(-1, TLC.verdict("java:" + name), name + ": the Java trace is a behaviour of VmbusChannel");
        Buggy b = h.bug().apply(t);
        assertEquals(b.at(), TLC.verdict("bug:" + name), name + ": TLC rejects the buggy behaviour at its event "
                + b.trace().get(b.at()));
    }

    @Test
    void shouldHaveARegressionForEveryChannelBugConfigOfTheManifest() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(
                Files.readString(ChannelTraceChecker.specFiles().resolve("manifest.json")));
        TreeSet<String> bugs = new TreeSet<>();
        for (JsonNode entry : manifest) {
            String cfg = entry.path("cfg").asText();
            if (cfg.startsWith("channel/MCVmbusChannel_") && cfg.endsWith("_bug.cfg")) {
                bugs.add(cfg.substring("channel/MCVmbusChannel_".length(), cfg.length() - "_bug.cfg".length()));
            }
        }
        TreeSet<String> covered = new TreeSet<>(HAZARDS.keySet());
        covered.add(PRIMARY_RESCIND_FIRST);
        assertEquals(bugs, covered, "one regression per channel _bug cfg");
    }

    // ---- #8 teardown_in_use: the host must keep a revoked channel's accepted GPADLs -------------------------

    /** Revoke while the ring is open; the guest (not yet aware) closes and tears the ring GPADL down. */
    static List<Map<String, Object>> teardownInUse() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            OpenedChannel ch = rig.open(r);
            rig.session.hostEndpoint().rescind(r);
            assertTrue(rig.server.gpadl(ch.ringGpadl()).isPresent(), "ring GPADL still mapped after the revoke");
            rig.client.close(r);
            CompletableFuture<Void> teardown = rig.client.teardownGpadl(ch.ringGpadl());
            rig.settle();
            assertTrue(teardown.isDone() && !teardown.isCompletedExceptionally(), "GPADL_TORNDOWN answered");
            List<Map<String, Object>> t = rig.trace();
            assertEquals(List.of(), drops(t));
            assertTrue(rig.server.channelState(r).isEmpty());
            return t;
        }
    }

    @Test
    void shouldKeepARevokedChannelsGpadlsUntilTornDown() {
        check("teardown_in_use");
    }

    // ---- #6 early_release: RELID_RELEASED only when closed and nothing outstanding ---------------------------

    static List<Map<String, Object>> earlyRelease() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            rig.open(r);
            rig.session.hostEndpoint().rescind(r);
            rig.guestOnly();
            assertEquals(-1, indexOf(rig.trace(), "GuestSendRelidReleased", "r", r), "no release while open");
            assertEquals(HostChannelState.REVOKED, rig.server.channelState(r).orElseThrow(), "host keeps the relid");
            rig.client.close(r);
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertTrue(indexOf(t, "GuestCloseRescindedChannel", "r", r) < indexOf(t, "GuestSendRelidReleased", "r", r));
            return t;
        }
    }

    @Test
    void shouldReleaseTheRelidOnlyWhenClosed() {
        check("early_release");
    }

    // ---- #5 open_after_rescind and no_wake_on_rescind ---------------------------------------------------------

    /** The device answers the open after the rescind: the host must not send OPEN_RESULT. */
    static List<Map<String, Object>> openAfterRescind() {
        return ChannelRaceTest.rescindWhileOpening();
    }

    @Test
    void shouldNeverAnswerAnOpenAfterItsRescind() {
        check("open_after_rescind");
    }

    /**
     * The rescind alone wakes the opener: the guest fails the pending open while the host is never stepped again.
     * (The hazard is a liveness one: a guest that is not woken waits for ever. The only way such a guest is ever
     * answered is an OPEN_RESULT after the rescind, the spliced event TLC rejects.)
     */
    static List<Map<String, Object>> noWakeOnRescind() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            CompletableFuture<OpenedChannel> open = rig.client.open(r, rig.pages(4), 2, 0, null);
            rig.scheduler.runUntil(() -> rig.scheduler.hasPending(Side.HOST, "device: open answer"), 10_000);
            rig.session.hostEndpoint().rescind(r);
            rig.guestOnly();
            assertTrue(failedWith(open, ChannelRescindedException.class), "woken by the rescind alone: " + open);
            assertTrue(rig.scheduler.hasPending(Side.HOST, "device: open answer"), "the host did not move");
            rig.settle();
            return rig.trace();
        }
    }

    @Test
    void shouldWakeThePendingOpenerByTheRescindAlone() {
        check("no_wake_on_rescind");
    }

    // ---- handle_reuse: a live GPADL handle is never chosen again ---------------------------------------------

    static List<Map<String, Object>> handleReuse() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            int h1 = rig.gpadl(r, 2);
            int h2 = rig.gpadl(r, 2);
            assertNotEquals(h1, h2);
            rig.session.machine().await(rig.client.teardownGpadl(h1));
            int h3 = rig.gpadl(r, 2);
            assertNotEquals(h2, h3, "never a live handle");
            return rig.trace();
        }
    }

    @Test
    void shouldNeverReuseALiveGpadlHandle() {
        check("handle_reuse");
        // a hostile guest sends a header for a live handle: refused, the live GPADL untouched
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            int h = rig.gpadl(r, 2);
            byte[] dup = ChannelMessageCodec.encode(new GpadlHeader(r, h, 16, 1, List.of(4096L, 99L)),
                    rig.client.negotiatedVersion().orElseThrow());
            assertEquals(HvStatus.SUCCESS, rig.session.machine().hypervisor().postMessage(
                    rig.client.messageConnectionId(), 1, dup));
            rig.hostOnly();
            assertEquals("DuplicateGpadlId", rig.trace().get(rig.trace().size() - 1).get("err"));
            assertEquals(r, rig.server.gpadl(h).orElseThrow().relid(), "the live GPADL is untouched");
        }
    }

    // ---- #6 reoffer_before_release: a revoked relid is not offered again before RELID_RELEASED ---------------

    static List<Map<String, Object>> reofferBeforeRelease() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            rig.session.hostEndpoint().rescind(r);
            int hot = rig.session.machine().await(rig.session.addChannel(() -> 0));
            assertNotEquals(r, hot, "relid " + r + " is not free before RELID_RELEASED");
            rig.settle();
            assertTrue(rig.server.channelState(r).isEmpty(), "released now");
            int again = rig.session.machine().await(rig.session.addChannel(() -> 0));
            assertEquals(r, again, "after the release the lowest free relid is reused");
            rig.settle();
            assertEquals(ChannelState.OFFERED, rig.client.channelState(again).orElseThrow());
            return rig.trace();
        }
    }

    @Test
    void shouldReofferARelidOnlyAfterItsRelease() {
        check("reoffer_before_release");
    }

    // ---- #9 ignore_gpadl_failure: a refused GPADL is never used as a ring --------------------------------------

    /**
     * The host refuses a well-formed GPADL (forced on the wire: the test moves the range's byte offset past the
     * page, which the host refuses as it would any GPADL it cannot map): the guest frees the handle and never opens
     * with it.
     */
    static List<Map<String, Object>> ignoreGpadlFailure() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            refuseNextGpadlOnTheWire(rig);
            CompletableFuture<Integer> g = rig.client.createGpadl(r, rig.pages(2));
            int h = rig.client.liveGpadls().get(0);
            rig.settle();
            assertTrue(failedWith(g, RequestFailedException.class), "GPADL_CREATED(failure) fails the GPADL: " + g);
            assertTrue(rig.client.gpadlState(h).isEmpty(), "the handle is freed");
            assertThrows(IllegalStateException.class, () -> rig.client.open(r, h, 2, 0, null), "never a ring");
            List<Map<String, Object>> t = rig.trace();
            assertEquals(0, count(t, "GuestSendOpenChannel"));
            assertEquals(r, rig.open(r).relid(), "a good GPADL opens the channel");
            return rig.trace();
        }
    }

    /** Re-registers the host's message ports so that the next GPADL_HEADER reaches the server refusable. */
    private static void refuseNextGpadlOnTheWire(ChannelRig rig) {
        Hypervisor hv = rig.session.machine().hypervisor();
        boolean[] armed = {true};
        for (int port : new TreeSet<>(List.of(HostConfig.MESSAGE_CONNECTION_ID, rig.client.messageConnectionId()))) {
            hv.unregisterPort(port);
            hv.registerMessagePort(port, (id, type, payload) -> {
                byte[] b = payload.clone();
                if (armed[0] && ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(0)
                        == ChannelMessageType.GPADL_HEADER.code()) {
                    armed[0] = false;
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0x1000); // range 0 byte offset (GpadlHeaderDescriptor: buffer at 20)
                }
                rig.server.receive(id, b, b.length);
            });
        }
    }

    @Test
    void shouldNeverOpenOnARefusedGpadl() {
        check("ignore_gpadl_failure");
    }

    // ---- #7 duplicate_rescind: one RESCIND per offer ------------------------------------------------------------

    static List<Map<String, Object>> duplicateRescind() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            rig.session.hostEndpoint().rescind(r);
            assertThrows(IllegalArgumentException.class, () -> rig.session.hostEndpoint().rescind(r),
                    "a revoked channel cannot be rescinded again");
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertEquals(1, count(t, "HostSendRescind"));
            return t;
        }
    }

    @Test
    void shouldRescindAnOfferOnce() {
        check("duplicate_rescind");
        // a hostile host sends a second RESCIND: the guest drops it and keeps working
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            int r2 = rig.addChannel(0);
            rig.connect();
            rig.open(r);
            rig.session.hostEndpoint().rescind(r);
            rig.guestOnly();
            byte[] again = ChannelMessageCodec.encode(new RescindChannelOffer(r),
                    rig.client.negotiatedVersion().orElseThrow());
            rig.session.machine().hypervisor().postToGuest(0, 2, 1, again);
            rig.guestOnly();
            assertEquals(1, rig.session.guestEndpoint().rejectedMessages(), "the duplicate is dropped");
            assertEquals(ChannelState.OPEN, rig.client.channelState(r).orElseThrow(), "nothing else changed");
            assertEquals(r2, rig.open(r2).relid(), "other channels keep working");
        }
    }

    // ---- L-RES-7 primary_rescind_first: sub-channels are rescinded before their primary -------------------------

    /** Not a trace-splice hazard: TraceVmbusChannel runs without sub-channel rules (its events name no primary). */
    static final String PRIMARY_RESCIND_FIRST = "primary_rescind_first";

    @Test
    void shouldRescindSubchannelsBeforeTheirPrimary() {
        try (ChannelRig rig = new ChannelRig()) {
            int p = rig.addChannel(0);
            rig.connect();
            rig.open(p);
            int s = rig.session.machine().await(rig.session.addSubchannel(1, 1, () -> 0));
            rig.settle();
            rig.open(s);
            int subPort = org.hvref.channel.host.HostChannelConfig.of(ChannelSession.DEVICE_CLASS,
                    new java.util.UUID(0x5EED, 1)).subChannel(1).connectionIdFor(s);
            assertTrue(rig.session.machine().hypervisor().portRegistered(subPort));
            rig.session.hostEndpoint().rescind(p);
            assertEquals(HostChannelState.REVOKED, rig.server.channelState(s).orElseThrow(), "the sub-channel too");
            assertFalse(rig.session.machine().hypervisor().portRegistered(subPort), "its event port disconnected");
            rig.guestOnly();
            List<Map<String, Object>> t = rig.trace();
            assertTrue(indexOf(t, "GuestRcvRescind", "r", s) < indexOf(t, "GuestRcvRescind", "r", p),
                    "the guest sees the sub-channel go first: " + t);
            rig.client.close(s);
            rig.client.close(p);
            rig.settle();
            assertTrue(rig.server.channelState(s).isEmpty() && rig.server.channelState(p).isEmpty(), "both released");
            List<Map<String, Object>> all = rig.trace();
            assertEquals(List.of(), drops(all));
            assertEquals(-1, ChannelTraceChecker.verdictPerTrace(List.of(all))[0], "TLC accepts the trace");
        }
        // the spec's counterexample: with the switch on, TLC finds the primary rescinded before a live sub-channel
        org.hvref.spec.TlcResult r = org.hvref.spec.TlcRunner.usingClasspath().run(
                ChannelTraceChecker.specFiles().root(), "channel/MCVmbusChannel",
                "channel/MCVmbusChannel_" + PRIMARY_RESCIND_FIRST + "_bug.cfg");
        assertEquals("SubchannelRescindFirstInv", r.violated(), "TLC: " + r.summary());
    }

    // ---- #14 reconnect_without_unload: no INITIATE_CONTACT while connected -------------------------------------

    static List<Map<String, Object>> reconnectWithoutUnload() {
        try (ChannelRig rig = new ChannelRig()) {
            rig.addChannel(0);
            rig.connect();
            int before = rig.trace().size();
            assertThrows(IllegalStateException.class, () -> rig.client.connect(), "connected: UNLOAD first");
            assertEquals(before, rig.trace().size(), "nothing sent");
            rig.session.machine().await(rig.client.unload());
            rig.connect();
            assertFalse(rig.client.offers().isEmpty());
            return rig.trace();
        }
    }

    @Test
    void shouldReconnectOnlyAfterUnload() {
        check("reconnect_without_unload");
    }
}
