package org.hvref.channel.hazard;

import static org.hvref.channel.hazard.ChannelRig.count;
import static org.hvref.channel.hazard.ChannelRig.drops;
import static org.hvref.channel.hazard.ChannelRig.failedWith;
import static org.hvref.channel.hazard.ChannelRig.indexOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.guest.ChannelRescindedException;
import org.hvref.channel.guest.ChannelState;
import org.hvref.channel.guest.ConnectionState;
import org.hvref.channel.guest.ConnectionUnloadedException;
import org.hvref.channel.guest.OpenedChannel;
import org.hvref.channel.host.HostChannelState;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.Side;
import org.junit.jupiter.api.Test;

/**
 * The races of issue 3 §3 (vmbus-core.md §4), each forced on the reference host and guest through the deterministic
 * scheduler: the safe outcome is asserted on both sides and the trace is validated by TLC against
 * TraceVmbusChannel (all races in one TLC run, {@link TraceBatch}). Where a race needs a hostile peer (a duplicate
 * OPENCHANNEL, a teardown of a ring GPADL) the raw message is injected after the validated part of the trace.
 */
class ChannelRaceTest {
    private static final TraceBatch TLC = new TraceBatch()
            .add("rescindWhileOpening", ChannelRaceTest::rescindWhileOpening)
            .add("gpadlPendingWhenRescindArrives", ChannelRaceTest::gpadlPendingWhenRescindArrives)
            .add("closeThenRescind", ChannelRaceTest::closeThenRescind)
            .add("rescindThenClose", ChannelRaceTest::rescindThenClose)
            .add("unloadWithGpadlsOutstanding", ChannelRaceTest::unloadWithGpadlsOutstanding)
            .add("duplicateOrEarlyOpen", ChannelRaceTest::duplicateOrEarlyOpen)
            .add("teardownOfRingGpadl", ChannelRaceTest::teardownOfRingGpadl);

    private static void assertValidated(String name, List<Map<String, Object>> trace) {
        assertEquals(TLC.trace(name), trace, name + ": deterministic (same trace as in the TLC batch)");
        assertEquals(-1, TLC.verdict(name), name + ": TLC rejects the trace at event " + TLC.verdict(name) + " "
                + (TLC.verdict(name) >= 0 ? trace.get(TLC.verdict(name)) : ""));
    }

    /** Rescind between OPENCHANNEL and the device's answer: no OPEN_RESULT, the open fails, the relid is freed. */
    static List<Map<String, Object>> rescindWhileOpening() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            CompletableFuture<OpenedChannel> open = rig.client.open(r, rig.pages(4), 2, 0, null);
            rig.scheduler.runUntil(() -> rig.scheduler.hasPending(Side.HOST, "device: open answer"), 10_000);
            assertEquals(HostChannelState.OPENING, rig.server.channelState(r).orElseThrow());
            rig.session.hostEndpoint().rescind(r);
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertTrue(failedWith(open, ChannelRescindedException.class), "the pending open fails: " + open);
            assertEquals(0, count(t, "HostSendOpenResult"), "no OPEN_RESULT after the rescind");
            assertEquals(0, count(t, "GuestRcvOpenResult"));
            assertEquals(1, rig.session.devices().get(0).opens());
            int h = (Integer) t.get(indexOf(t, "GuestSendOpenChannel", "r", r)).get("h");
            assertTrue(indexOf(t, "HostRcvRelidReleased", "r", r) > 0, "the guest released the relid");
            assertTrue(rig.server.channelState(r).isEmpty(), "host: relid free");
            assertTrue(rig.server.gpadl(h).isEmpty(), "host: the ring GPADL went with the relid");
            assertTrue(rig.client.channelState(r).isEmpty(), "guest: channel forgotten");
            assertEquals(List.of(), drops(t));
            return t;
        }
    }

    @Test
    void shouldFailThePendingOpenAndNeverAnswerItWhenRescindedWhileOpening() {
        assertValidated("rescindWhileOpening", rescindWhileOpening());
    }

    /** Rescind after the GPADL_HEADER, before its bodies: the GPADL is still answered, the release waits for it. */
    static List<Map<String, Object>> gpadlPendingWhenRescindArrives() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            CompletableFuture<Integer> g = rig.client.createGpadl(r, rig.pages(100)); // header + 3 bodies
            assertTrue(rig.scheduler.step(Side.HOST), "host handles the header");
            rig.session.hostEndpoint().rescind(r);
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertTrue(g.isCompletedExceptionally(), "the GPADL of a rescinded channel is not handed out: " + g);
            assertEquals(3, count(t, "HostRcvGpadlBody"), "every body reached the host");
            int created = indexOf(t, "GuestRcvGpadlCreated", "r", r);
            int released = indexOf(t, "GuestSendRelidReleased", "r", r);
            assertTrue(indexOf(t, "GuestRcvRescind", "r", r) < created, "rescind first, then GPADL_CREATED");
            assertTrue(created >= 0 && released > created, "RELID_RELEASED only after GPADL_CREATED: " + t);
            assertTrue(rig.server.channelState(r).isEmpty() && rig.client.liveGpadls().isEmpty());
            assertEquals(List.of(), drops(t));
            return t;
        }
    }

    @Test
    void shouldAnswerAPendingGpadlBeforeTheReleaseWhenRescinded() {
        assertValidated("gpadlPendingWhenRescindArrives", gpadlPendingWhenRescindArrives());
    }

    /** CLOSECHANNEL in flight when the host rescinds: the host ignores it, nothing is dropped. */
    static List<Map<String, Object>> closeThenRescind() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            OpenedChannel ch = rig.open(r);
            rig.client.close(r);
            assertTrue(rig.scheduler.hasPending(Side.HOST, "host: port"), "CLOSECHANNEL queued on the host");
            rig.session.hostEndpoint().rescind(r);
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertTrue(indexOf(t, "HostSendRescind", "r", r) < indexOf(t, "HostRcvCloseChannel", "r", r));
            assertEquals(1, rig.session.devices().get(0).closes(), "the device closed once (by the rescind)");
            assertTrue(rig.server.channelState(r).isEmpty() && rig.server.gpadl(ch.ringGpadl()).isEmpty());
            assertTrue(rig.client.channelState(r).isEmpty());
            assertEquals(List.of(), drops(t));
            return t;
        }
    }

    /** The rescind reaches the guest first: it closes locally (no CLOSECHANNEL), then releases. */
    static List<Map<String, Object>> rescindThenClose() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            rig.open(r);
            rig.session.hostEndpoint().rescind(r);
            rig.guestOnly();
            assertEquals(ChannelState.OPEN, rig.client.channelState(r).orElseThrow(), "open until the driver closes");
            assertEquals(-1, indexOf(rig.trace(), "GuestSendRelidReleased", "r", r), "no release while open");
            rig.client.close(r);
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertEquals(0, count(t, "GuestSendCloseChannel"), "no CLOSECHANNEL after a rescind");
            assertTrue(indexOf(t, "GuestCloseRescindedChannel", "r", r) < indexOf(t, "GuestSendRelidReleased", "r", r));
            assertTrue(rig.server.channelState(r).isEmpty());
            assertEquals(List.of(), drops(t));
            return t;
        }
    }

    @Test
    void shouldReleaseCleanlyWhenCloseRacesRescindInBothOrders() {
        assertValidated("closeThenRescind", closeThenRescind());
        assertValidated("rescindThenClose", rescindThenClose());
    }

    /** UNLOAD with a GPADL in flight and a channel open: everything fails or goes, then a clean reconnect. */
    static List<Map<String, Object>> unloadWithGpadlsOutstanding() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            OpenedChannel ch = rig.open(r);
            CompletableFuture<Integer> g = rig.client.createGpadl(r, rig.pages(60));
            CompletableFuture<Void> unload = rig.client.unload();
            rig.settle();
            List<Map<String, Object>> t = rig.trace();
            assertTrue(failedWith(g, ConnectionUnloadedException.class), "the pending GPADL fails: " + g);
            assertTrue(unload.isDone() && !unload.isCompletedExceptionally());
            assertEquals(ConnectionState.UNLOADED, rig.client.state());
            assertEquals(List.of(), rig.client.liveGpadls());
            assertTrue(rig.server.connection().isEmpty() && rig.server.gpadl(ch.ringGpadl()).isEmpty());
            assertTrue(count(t, "GuestDropMessage") >= 1, "GPADL_CREATED dropped while unloading");
            assertEquals(1, rig.session.devices().get(0).closes(), "the open device closed by the unload");
            rig.connect();
            assertEquals(List.of(r), rig.client.offers().stream().map(o -> o.childRelid()).toList());
            List<Map<String, Object>> all = rig.trace();
            assertEquals(List.of(), drops(all));
            return all;
        }
    }

    @Test
    void shouldReleaseEverythingAndReconnectWhenUnloadingWithGpadlsOutstanding() {
        assertValidated("unloadWithGpadlsOutstanding", unloadWithGpadlsOutstanding());
    }

    /** Open before the GPADL exists and open twice: the guest API refuses, nothing is sent. */
    static List<Map<String, Object>> duplicateOrEarlyOpen() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            CompletableFuture<Integer> g = rig.client.createGpadl(r, rig.pages(4));
            int h = rig.client.liveGpadls().get(0);
            int before = rig.trace().size();
            assertThrows(IllegalStateException.class, () -> rig.client.open(r, h, 2, 0, null), "GPADL not created");
            assertEquals(before, rig.trace().size(), "nothing sent");
            assertEquals(h, rig.session.machine().await(g));
            CompletableFuture<OpenedChannel> open = rig.client.open(r, h, 2, 0, null);
            int afterFirst = rig.trace().size();
            assertThrows(IllegalStateException.class, () -> rig.client.open(r, h, 2, 0, null), "already opening");
            assertEquals(afterFirst, rig.trace().size(), "nothing sent");
            rig.settle();
            assertEquals(r, open.join().relid());
            assertEquals(1, rig.session.devices().get(0).opens());
            return rig.trace();
        }
    }

    @Test
    void shouldRefuseADuplicateOrEarlyOpenOnTheGuestAndDropItOnTheHost() {
        List<Map<String, Object>> t = duplicateOrEarlyOpen();
        assertValidated("duplicateOrEarlyOpen", t);
        // a hostile guest sends a second OPENCHANNEL for the open channel: dropped, the channel and others unharmed
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            int r2 = rig.addChannel(0);
            rig.connect();
            OpenedChannel ch = rig.open(r);
            byte[] dup = ChannelMessageCodec.encode(new OpenChannel(r, 2, ch.ringGpadl(), 2, 0, OpaqueBytes.zeros(120),
                    null), rig.client.negotiatedVersion().orElseThrow());
            assertEquals(HvStatus.SUCCESS, rig.session.machine().hypervisor().postMessage(
                    rig.client.messageConnectionId(), 1, dup));
            rig.settle();
            assertEquals("BadChannelState", rig.trace().get(rig.trace().size() - 1).get("err"));
            assertEquals(HostChannelState.OPEN, rig.server.channelState(r).orElseThrow());
            assertEquals(1, rig.session.devices().get(0).opens(), "the device saw one open");
            assertEquals(r2, rig.open(r2).relid(), "other channels keep working");
        }
    }

    /** A ring GPADL cannot be torn down while its channel is opening or open; after the close it can. */
    static List<Map<String, Object>> teardownOfRingGpadl() {
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            int r2 = rig.addChannel(0);
            rig.connect();
            OpenedChannel ch = rig.open(r);
            int before = rig.trace().size();
            assertThrows(IllegalStateException.class, () -> rig.client.teardownGpadl(ch.ringGpadl()), "ring open");
            int h2 = rig.gpadl(r2, 4);
            CompletableFuture<OpenedChannel> opening = rig.client.open(r2, h2, 2, 0, null);
            assertThrows(IllegalStateException.class, () -> rig.client.teardownGpadl(h2), "ring opening");
            assertEquals(before + count(rig.trace().subList(before, rig.trace().size()), "GuestSendGpadlHeader")
                    + count(rig.trace().subList(before, rig.trace().size()), "HostRcvGpadlHeader")
                    + count(rig.trace().subList(before, rig.trace().size()), "GuestRcvGpadlCreated")
                    + count(rig.trace().subList(before, rig.trace().size()), "GuestSendOpenChannel"),
                    rig.trace().size(), "no GPADL_TEARDOWN sent");
            rig.settle();
            assertEquals(r2, opening.join().relid());
            rig.client.close(r);
            rig.session.machine().await(rig.client.teardownGpadl(ch.ringGpadl()));
            assertTrue(rig.server.gpadl(ch.ringGpadl()).isEmpty(), "torn down after the close");
            assertTrue(rig.server.gpadl(h2).isPresent(), "the other ring untouched");
            return rig.trace();
        }
    }

    @Test
    void shouldRefuseTheTeardownOfAGpadlThatBacksAnOpenRing() {
        assertValidated("teardownOfRingGpadl", teardownOfRingGpadl());
        // a hostile guest tears down the ring GPADL of an open channel: the host keeps the ring mapped
        try (ChannelRig rig = new ChannelRig()) {
            int r = rig.addChannel(0);
            rig.connect();
            OpenedChannel ch = rig.open(r);
            byte[] bad = ChannelMessageCodec.encode(new GpadlTeardown(r, ch.ringGpadl()),
                    rig.client.negotiatedVersion().orElseThrow());
            assertEquals(HvStatus.SUCCESS, rig.session.machine().hypervisor().postMessage(
                    rig.client.messageConnectionId(), 1, bad));
            rig.settle();
            assertTrue(rig.server.gpadl(ch.ringGpadl()).isPresent(), "ring GPADL still mapped while open");
            assertEquals(HostChannelState.OPEN, rig.server.channelState(r).orElseThrow());
            assertFalse(rig.trace().stream().anyMatch(e -> e.get("e").equals("GuestRcvGpadlTorndown")));
        }
    }
}
