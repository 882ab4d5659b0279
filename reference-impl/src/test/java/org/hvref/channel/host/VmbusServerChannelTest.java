package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RelidReleased;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.UnloadResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.RawPacket;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Open, close, modify, rescind, relid release and unload (vmbus-core.md §4.3, §4.4, §5; VmbusChannel.tla). */
class VmbusServerChannelTest {
    private static final int FAIL = VmbusServer.STATUS_UNSUCCESSFUL;
    private ScriptedGuest g;
    private TestDevice dev1;
    private TestDevice dev2;

    @BeforeEach
    void connect() {
        g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2022);
        dev1 = new TestDevice();
        dev2 = new TestDevice();
        g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), dev1);
        g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE2), dev2);
        g.connect(ProtocolVersion.WIN10_V5_3);
        g.requestOffers();
        g.tracer.clear();
    }

    private List<String> events() {
        return g.events();
    }

    @Test
    void shouldOpenAChannelAndHandTheDeviceItsRings() {
        long[] pfns = g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 3, 1));
        g.expect(new OpenChannelResult(1, 1, 0));
        assertEquals(HostChannelState.OPEN, g.server.channelState(1).orElseThrow());
        OpenRequest q = dev1.opens.get(0);
        assertEquals(3, q.downstreamPageOffset());
        assertEquals(1, q.targetVp());
        assertEquals(5, q.ringGpadl().handle());
        HostChannelRings rings = dev1.rings.get(0);
        assertEquals(pfns[0] * 4096, rings.incoming().controlGpa());
        assertEquals(2 * 4096, rings.incoming().dataSize());
        assertEquals(pfns[3] * 4096, rings.outgoing().controlGpa());
        assertEquals(4 * 4096, rings.outgoing().dataSize());
        assertEquals(List.of("HostRcvGpadlHeader[r=1, h=5, ok=true]", "HostRcvOpenChannel[r=1, h=5]",
                "HostSendOpenResult[r=1, ok=true]"), events());
    }

    @Test
    void shouldCarryAPacketFromTheDeviceToTheGuestThroughTheOutgoingRing() {
        long[] pfns = g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, 0));
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        assertTrue(dev1.rings.get(0).writer().tryWrite(6, 0, 42, payload, 0, 8).written());
        RingReader guestIn = new RingReader(RingLayout.ofPages(g.memory, java.util.Arrays.copyOfRange(pfns, 4, 8)),
                SpecTracer.OFF);
        List<RawPacket> got = new ArrayList<>();
        guestIn.readBatch(4, p -> got.add(p.toRawPacket()));
        assertEquals(1, got.size());
        assertEquals(42, got.get(0).transactionId());
        assertArrayEquals(payload, got.get(0).data());
    }

    @Test
    void shouldAnswerOpenWhenTheDeviceCompletesLater() {
        dev1.openAnswer = new CompletableFuture<>();
        g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expectNothing();
        assertEquals(HostChannelState.OPENING, g.server.channelState(1).orElseThrow());
        dev1.openAnswer.complete(0);
        g.expect(new OpenChannelResult(1, 1, 0));
        assertEquals(HostChannelState.OPEN, g.server.channelState(1).orElseThrow());
    }

    @Test
    void shouldPassADeviceRefusalOnAndAllowAnotherOpen() {
        dev1.openAnswer = CompletableFuture.completedFuture(0xC0000001);
        g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, 0xC0000001));
        assertEquals(HostChannelState.CLOSED, g.server.channelState(1).orElseThrow());
        dev1.openAnswer = CompletableFuture.failedFuture(new IllegalStateException("device broke"));
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        dev1.openAnswer = null;
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, 0));
        assertEquals("HostSendOpenResult[r=1, ok=false]", events().get(2));
    }

    @Test
    void shouldDropAnOpenForAnUnknownRelid() {
        g.post(ScriptedGuest.open(9, 5, 4, 0));
        g.expectNothing();
        g.expectError(HostError.UNKNOWN_RELID, "open channel relid: 9 (expected: an offered channel)");
        assertEquals(List.of("HostRcvOpenChannel[r=9, h=5, err=UnknownRelid]"), events());
    }

    @Test
    void shouldFailAnOpenWithoutAnAcceptedRingGpadl() {
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        g.expectError(HostError.UNKNOWN_GPADL,
                "open channel ring gpadl: 5 (expected: an accepted gpadl of relid 1)");
        assertEquals(List.of("HostRcvOpenChannel[r=1, h=5, err=UnknownGpadl]", "HostSendOpenResult[r=1, ok=false]"),
                events());
        assertTrue(dev1.opens.isEmpty());
    }

    @Test
    void shouldFailAnOpenWithTheGpadlOfAnotherChannel() {
        g.createGpadl(2, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        g.expectError(HostError.UNKNOWN_GPADL,
                "open channel ring gpadl: 5 (expected: an accepted gpadl of relid 1)");
    }

    @Test
    void shouldFailAnOpenWhoseRingSplitLeavesAHalfWithoutDataPages() {
        g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 1, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        g.expectError(HostError.BAD_OPEN, "open channel downstream page offset: 1 (expected: 2..6 for 8 ring pages)");
        g.post(ScriptedGuest.open(1, 5, 7, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        g.expectError(HostError.BAD_OPEN, "open channel downstream page offset: 7 (expected: 2..6 for 8 ring pages)");
        // an accepted ring the host cannot use is the spec's failed open, not a drop: no err tag
        assertEquals(List.of("HostRcvOpenChannel[r=1, h=5]", "HostSendOpenResult[r=1, ok=false]"),
                events().subList(1, 3));
        assertTrue(dev1.opens.isEmpty());
    }

    @Test
    void shouldFailAnOpenOnARingGpadlThatIsNotWholePages() {
        g.postRanges(1, 5, 1, List.of((16L << 32) | 4 * 4096, 20L, 21L, 22L, 23L, 24L));
        g.expect(new GpadlCreated(1, 5, 0));
        g.post(ScriptedGuest.open(1, 5, 2, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        g.expectError(HostError.BAD_OPEN,
                "open channel ring gpadl 5: 1 ranges, first at offset 16 (expected: one range, offset 0, whole pages)");
    }

    @Test
    void shouldFailAnOpenWithAnUnknownTargetVp() {
        g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 4));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        g.expectError(HostError.BAD_OPEN, "open channel target vp: 4 (expected: < 4 or 0xffffffff)");
        g.post(ScriptedGuest.open(1, 5, 4, VmbusServer.NO_TARGET_VP));
        g.expect(new OpenChannelResult(1, 1, 0));
    }

    @Test
    void shouldFailAnOpenWhoseRingLiesOutsideGuestMemory() {
        g.createGpadl(1, 5, 250, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expect(new OpenChannelResult(1, 1, FAIL));
        assertEquals(HostError.BAD_OPEN, g.server.errors().get(g.server.errors().size() - 1).reason());
    }

    @Test
    void shouldDropASecondOpenWithoutReply() {
        dev1.openAnswer = new CompletableFuture<>();
        g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expectNothing();
        g.expectError(HostError.BAD_CHANNEL_STATE, "open channel relid 1 state: OPENING (expected: CLOSED)");
        dev1.openAnswer.complete(0);
        g.expect(new OpenChannelResult(1, 1, 0));
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.expectNothing();
        g.expectError(HostError.BAD_CHANNEL_STATE, "open channel relid 1 state: OPEN (expected: CLOSED)");
        assertEquals(1, dev1.opens.size());
    }

    @Test
    void shouldCloseAnOpenChannelWithoutReply() {
        g.openChannel(1, 5, 20);
        g.post(new CloseChannel(1));
        g.expectNothing();
        assertEquals(1, dev1.closes);
        assertEquals(HostChannelState.CLOSED, g.server.channelState(1).orElseThrow());
        g.post(new GpadlTeardown(1, 5));
        g.expect(new GpadlTorndown(5));
        assertEquals("HostRcvCloseChannel[r=1]", events().get(3));
    }

    @Test
    void shouldDropACloseOfAClosedChannel() {
        g.post(new CloseChannel(1));
        g.expectNothing();
        g.expectError(HostError.BAD_CHANNEL_STATE, "close channel relid 1 state: CLOSED (expected: OPEN)");
        g.post(new CloseChannel(7));
        g.expectError(HostError.UNKNOWN_RELID, "close channel relid: 7 (expected: an offered channel)");
        assertEquals(List.of("HostRcvCloseChannel[r=1, err=BadChannelState]",
                "HostRcvCloseChannel[r=7, err=UnknownRelid]"), events());
    }

    @Test
    void shouldModifyAnOpenChannelAndAnswerFrom53() {
        g.openChannel(1, 5, 20);
        g.post(new ModifyChannel(1, 2));
        g.expect(new ModifyChannelResponse(1, 0));
        assertEquals(List.of(2), dev1.modifies);
        g.post(new ModifyChannel(1, 9));
        g.expect(new ModifyChannelResponse(1, FAIL));
        g.expectError(HostError.BAD_MODIFY,
                "modify channel relid 1 target vp: 9 (expected: < 4, interrupts enabled, channel open)");
        g.post(new ModifyChannel(2, 1));
        g.expectNothing();
        g.expectError(HostError.BAD_CHANNEL_STATE, "modify channel relid 2 state: CLOSED (expected: OPEN)");
        assertEquals(List.of("HostRcvModifyChannel[r=1, ok=true]", "HostRcvModifyChannel[r=1, ok=false]",
                "HostRcvModifyChannel[r=2, err=BadChannelState]"), events().subList(3, 6));
    }

    @Test
    void shouldAnswerAModifyWhenTheDeviceCompletesAndAfterRescind() {
        g.openChannel(1, 5, 20);
        dev1.modifyAnswer = new CompletableFuture<>();
        g.post(new ModifyChannel(1, 2));
        g.expectNothing();
        g.server.rescind(1);
        g.expect(new RescindChannelOffer(1));
        dev1.modifyAnswer.complete(0);
        g.expect(new ModifyChannelResponse(1, 0)); // Hyper-V answers outstanding modifies after a revoke (§4.4)
        g.post(new ModifyChannel(1, 3));
        g.expect(new ModifyChannelResponse(1, FAIL));
        assertEquals(List.of("HostRcvModifyChannel[r=1]", "HostSendRescind[r=1]", "HostRcvModifyChannel[r=1, ok=false]"),
                events().subList(3, 6));
    }

    @Test
    void shouldModifyWithoutResponseBefore53() {
        ScriptedGuest old = new ScriptedGuest(WindowsHost.WINDOWS_10_1803);
        TestDevice d = new TestDevice();
        old.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), d);
        old.connect(ProtocolVersion.WIN10_V5_1);
        old.requestOffers();
        old.openChannel(1, 5, 20);
        old.post(new ModifyChannel(1, 3));
        old.expectNothing();
        assertEquals(List.of(3), d.modifies);
    }

    @Test
    void shouldNeverAnswerAnOpenAfterRescind() {
        dev1.openAnswer = new CompletableFuture<>();
        g.createGpadl(1, 5, 20, 8);
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.server.rescind(1);
        g.expect(new RescindChannelOffer(1));
        dev1.openAnswer.complete(0);
        g.expectNothing();
        assertEquals(1, dev1.closes); // the late success is undone
        g.post(ScriptedGuest.open(1, 5, 4, 0)); // ignored on a revoked channel
        g.post(new CloseChannel(1)); // ignored too
        g.expectNothing();
        assertTrue(g.server.errors().isEmpty(), () -> "silent ignores are not errors: " + g.server.errors());
        assertEquals(List.of("HostRcvGpadlHeader[r=1, h=5, ok=true]", "HostRcvOpenChannel[r=1, h=5]",
                "HostSendRescind[r=1]", "HostRcvOpenChannel[r=1, h=5]", "HostRcvCloseChannel[r=1]"), events());
    }

    @Test
    void shouldKeepTheRingGpadlOfARescindedOpenChannelUntilTeardown() {
        g.openChannel(1, 5, 20);
        g.server.rescind(1);
        g.expect(new RescindChannelOffer(1));
        assertEquals(1, dev1.closes);
        assertEquals(HostChannelState.REVOKED, g.server.channelState(1).orElseThrow());
        assertTrue(g.server.gpadl(5).isPresent());
        g.createGpadl(1, 6, 40, 2); // a GPADL for a revoked channel still succeeds (OVMM #3959)
        g.post(new GpadlTeardown(1, 5));
        g.expect(new GpadlTorndown(5));
        g.post(new RelidReleased(1));
        g.expectNothing();
        assertTrue(g.server.gpadl(6).isEmpty()); // released with the relid, no TORNDOWN
        assertTrue(g.server.channelState(1).isEmpty());
    }

    @Test
    void shouldAnswerADeferredTeardownBeforeTheRescind() {
        g.openChannel(1, 5, 20);
        g.post(new GpadlTeardown(1, 5));
        g.expectNothing();
        g.server.rescind(1);
        g.expect(new GpadlTorndown(5));
        g.expect(new RescindChannelOffer(1));
    }

    @Test
    void shouldReuseARelidOnlyAfterRelease() {
        g.server.rescind(1);
        g.expect(new RescindChannelOffer(1));
        HostChannelConfig c = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        assertEquals(3, g.server.addChannel(c, new TestDevice()));
        assertEquals(3, ((OfferChannel) g.next()).childRelid());
        g.post(new RelidReleased(1));
        assertEquals(1, g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET,
                java.util.UUID.randomUUID()), new TestDevice()));
        assertEquals(1, ((OfferChannel) g.next()).childRelid());
        assertEquals(List.of("HostSendRescind[r=1]", "HostSendOffer[r=3]", "HostRcvRelidReleased[r=1]",
                "HostSendOffer[r=1]"), events());
    }

    @Test
    void shouldDropAReleaseOfAChannelThatIsNotRescinded() {
        g.post(new RelidReleased(2));
        g.expectNothing();
        g.expectError(HostError.RELEASE_NOT_REVOKED, "relid released 2 state: CLOSED (expected: REVOKED)");
        g.post(new RelidReleased(8));
        g.expectError(HostError.UNKNOWN_RELID, "relid released: 8 (expected: an offered channel)");
        assertEquals(List.of("HostRcvRelidReleased[r=2, err=ReleaseNotRevoked]",
                "HostRcvRelidReleased[r=8, err=UnknownRelid]"), events());
    }

    @Test
    void shouldRemoveAChannelTheGuestNeverSawWithoutRescind() {
        TestDevice d = new TestDevice();
        ScriptedGuest fresh = new ScriptedGuest(WindowsHost.COPPER);
        int relid = fresh.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), d);
        fresh.server.rescind(relid);
        fresh.expectNothing();
        assertThrows(IllegalArgumentException.class, () -> fresh.server.rescind(relid));
        fresh.connect(ProtocolVersion.COPPER);
        assertEquals(List.of(), fresh.requestOffers());
    }

    @Test
    void shouldReleaseEverythingOnUnloadAndOfferAgainAfterReconnect() {
        g.openChannel(1, 5, 20);
        g.createGpadl(2, 6, 40, 2);
        dev2.openAnswer = new CompletableFuture<>();
        g.createGpadl(2, 7, 50, 8);
        g.post(ScriptedGuest.open(2, 7, 4, 0));
        g.server.rescind(1);
        g.expect(new RescindChannelOffer(1));
        g.post(new Unload());
        g.expect(new UnloadResponse());
        dev2.openAnswer.complete(0);
        g.expectNothing(); // no OPEN_RESULT after unload
        assertEquals(1, dev2.closes);
        assertTrue(g.server.gpadl(6).isEmpty());
        assertTrue(g.server.channelState(2).isEmpty());
        g.connect(ProtocolVersion.WIN10_V5_3);
        List<OfferChannel> offers = g.requestOffers();
        assertEquals(List.of(2), offers.stream().map(OfferChannel::childRelid).toList()); // relid 1 was revoked
        g.openChannel(2, 6, 60); // handle 6 is free again
        assertEquals(HostChannelState.OPEN, g.server.channelState(2).orElseThrow());
    }

    @Test
    void shouldReleaseEverythingOnAReconnectWithoutUnload() {
        g.openChannel(1, 5, 20);
        g.post(ScriptedGuest.contactPort(ProtocolVersion.WIN10_V5_3),
                ScriptedGuest.contact(ProtocolVersion.WIN10_V5_3, 0));
        g.next();
        assertEquals(1, dev1.closes);
        assertTrue(g.server.gpadl(5).isEmpty());
        assertEquals(1, g.requestOffers().get(0).childRelid());
    }

    @Test
    void shouldKeepOtherChannelsWorkingAfterHostileMessages() {
        g.openChannel(1, 5, 20);
        g.postRaw(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0});
        g.postRaw(new byte[3]);
        g.postRaw(new byte[] {99, 0, 0, 0, 0, 0, 0, 0});
        g.post(new OpenChannelResult(1, 1, 0)); // a host-to-guest type
        g.expectError(HostError.UNEXPECTED_MESSAGE,
                "message type: OPENCHANNEL_RESULT(0x06) (expected: a guest-to-host message this host handles)");
        g.post(ScriptedGuest.open(1, 5, 4, 0));
        g.post(new RelidReleased(1));
        g.expectNothing();
        assertEquals(List.of(HostError.MALFORMED, HostError.MALFORMED, HostError.MALFORMED,
                HostError.UNEXPECTED_MESSAGE, HostError.BAD_CHANNEL_STATE, HostError.RELEASE_NOT_REVOKED),
                g.server.errors().stream().map(HostProtocolException::reason).toList());
        g.openChannel(2, 6, 40);
        assertEquals(HostChannelState.OPEN, g.server.channelState(1).orElseThrow());
        assertEquals(HostChannelState.OPEN, g.server.channelState(2).orElseThrow());
    }

    @Test
    void shouldRecordTheSpecTraceOfALifecycle() {
        g.tracer.clear();
        g.createGpadl(2, 6, 40, 40);
        g.post(ScriptedGuest.open(2, 6, 20, 0));
        g.expect(new OpenChannelResult(2, 2, 0));
        g.post(new CloseChannel(2));
        g.post(new GpadlTeardown(2, 6));
        g.expect(new GpadlTorndown(6));
        g.server.rescind(2);
        g.expect(new RescindChannelOffer(2));
        g.post(new RelidReleased(2));
        g.post(new Unload());
        g.expect(new UnloadResponse());
        assertEquals(List.of("HostRcvGpadlHeader[r=2, h=6, ok=true]", "HostRcvGpadlBody[h=6, ok=true]",
                "HostRcvOpenChannel[r=2, h=6]", "HostSendOpenResult[r=2, ok=true]", "HostRcvCloseChannel[r=2]",
                "HostRcvGpadlTeardown[h=6]", "HostSendRescind[r=2]", "HostRcvRelidReleased[r=2]", "HostRcvUnload[]"),
                events());
    }
}
