package org.hvref.channel.guest;

import static org.hvref.channel.guest.ScriptedHost.RING_GPN;
import static org.hvref.channel.guest.ScriptedHost.assertFailsWith;
import static org.hvref.channel.guest.ScriptedHost.failure;
import static org.hvref.channel.guest.ScriptedHost.join;
import static org.hvref.channel.guest.ScriptedHost.offer;
import static org.hvref.channel.guest.ScriptedHost.ringGpns;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.ring.RingControlDescriptor;
import org.junit.jupiter.api.Test;

class VmbusClientChannelTest {

    @Test
    void shouldCollectInitialOffersAndReportHotAddToListeners() {
        ScriptedHost host = new ScriptedHost();
        List<OfferChannel> added = new ArrayList<>();
        host.client.addListener(new ClientListener() {
            @Override
            public void offerAdded(OfferChannel offer) {
                added.add(offer);
            }
        });
        List<OfferChannel> initial = host.ready(offer(1), offer(2));
        assertEquals(List.of(offer(1), offer(2)), initial);
        assertEquals(List.of(), added, "initial offers are not hot-add");
        host.reply(offer(3));
        assertEquals(List.of(offer(3)), added);
        assertEquals(List.of(offer(1), offer(2), offer(3)), host.client.offers());
        assertEquals(List.of(GuestActions.RCV_OFFER, GuestActions.RCV_OFFER, GuestActions.RCV_ALL_OFFERS_DELIVERED,
                GuestActions.RCV_OFFER), host.actions().subList(3, 7));
        assertEquals(3, host.lastEvent().get("r"));
    }

    @Test
    void shouldRegisterSubchannelOffersAndFindOffersByKey() {
        ScriptedHost host = new ScriptedHost();
        UUID instance = new UUID(7, 7);
        host.ready(offer(1, ScriptedHost.NET, instance, 0), offer(2, ScriptedHost.SCSI, new UUID(8, 8), 0));
        host.reply(offer(3, ScriptedHost.NET, instance, 1));
        host.reply(offer(4, ScriptedHost.NET, instance, 2));
        assertEquals(List.of(1, 3, 4), host.client.findOffers(ScriptedHost.NET).stream()
                .map(OfferChannel::childRelid).toList());
        assertEquals(Optional.of(offer(4, ScriptedHost.NET, instance, 2)),
                host.client.findOffer(ScriptedHost.NET, instance, 2));
        assertEquals(Optional.empty(), host.client.findOffer(ScriptedHost.NET, instance, 3));
        assertEquals(2, host.client.findOffer(ScriptedHost.SCSI, new UUID(8, 8), 0).orElseThrow().childRelid());
        OpenedChannel sub = host.open(3, 4, 2);
        assertEquals(3, sub.relid());
    }

    @Test
    void shouldOpenWithTheRingGpadlAndHandOutTheGuestRingHalves() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(5));
        byte[] userData = {1, 2, 3};
        CompletableFuture<OpenedChannel> opened = host.client.open(5, ringGpns(8), 3, 1, userData);
        GpadlHeader h = host.answerGpadl(0);
        assertEquals(8 * 4096, h.firstRangeByteCount());
        OpenChannel o = host.expect(OpenChannel.class);
        assertEquals(5, o.childRelid());
        assertEquals(5, o.openId());
        assertEquals(h.gpadl(), o.ringGpadl());
        assertEquals(1, o.targetVp());
        assertEquals(3, o.downstreamPageOffset());
        assertArrayEquals(Arrays.copyOf(userData, 120), o.userData().toArray());
        assertNull(o.extension());
        assertEquals(Optional.of(ChannelState.OPENING), host.client.channelState(5));
        assertFalse(opened.isDone());
        host.reply(new OpenChannelResult(5, 5, 0));
        OpenedChannel ch = join(opened);
        assertEquals(Optional.of(ChannelState.OPEN), host.client.channelState(5));
        assertEquals(h.gpadl(), ch.ringGpadl());
        assertEquals(0x2005, ch.signalConnectionId());
        assertEquals(RING_GPN << 12, ch.outgoing().controlGpa());
        assertEquals(2, ch.outgoing().dataPageCount());
        assertEquals((RING_GPN + 3) << 12, ch.incoming().controlGpa());
        assertEquals(4, ch.incoming().dataPageCount());
        assertEquals((RING_GPN + 4) << 12, ch.incoming().dataPageGpa(0));
        assertEquals(RingControlDescriptor.FEAT_PENDING_SEND_SIZE, ch.outgoing().featureBitsAcquire());
        assertEquals(RingControlDescriptor.FEAT_PENDING_SEND_SIZE, ch.incoming().featureBitsAcquire());
        assertEquals(List.of(GuestActions.SEND_OPEN_CHANNEL, GuestActions.RCV_OPEN_RESULT),
                host.actions().subList(host.actions().size() - 2, host.actions().size()));
        assertEquals(h.gpadl(), host.events(GuestActions.SEND_OPEN_CHANNEL).get(0).get("h"));
    }

    @Test
    void shouldOpenWithACreatedGpadl() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        int handle = host.answerGpadlOf(1, 4, 0);
        CompletableFuture<OpenedChannel> opened = host.client.open(1, handle, 2, 0, null);
        OpenChannel o = host.expect(OpenChannel.class);
        assertEquals(handle, o.ringGpadl());
        host.reply(new OpenChannelResult(1, 1, 0));
        assertEquals(handle, join(opened).ringGpadl());
    }

    @Test
    void shouldSendTheCopperExtensionWhenGuestSignalParametersWereNegotiated() {
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000)
                .withFeatureFlags(FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS));
        host.client.connect();
        host.expect(org.hvref.channel.protocol.InitiateContact.class);
        host.version = ProtocolVersion.COPPER;
        host.reply(new org.hvref.channel.protocol.VersionResponse(
                org.hvref.channel.protocol.VersionResponse.Form.COPPER, true, 0, 1,
                FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS, 0, 0));
        host.client.requestOffers();
        host.expect(org.hvref.channel.protocol.RequestOffers.class);
        host.reply(offer(9));
        host.reply(new org.hvref.channel.protocol.AllOffersDelivered());
        host.client.open(9, ringGpns(4), 2, 0, null);
        host.answerGpadl(0);
        OpenChannel o = host.expect(OpenChannel.class);
        assertEquals(new OpenChannel.Extension(0x2009, 9, 0), o.extension());
    }

    @Test
    void shouldFailTheOpenOnAFailureStatusAndTearDownTheGpadlItCreated() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        CompletableFuture<OpenedChannel> opened = host.client.open(1, ringGpns(4), 2, 0, null);
        GpadlHeader h = host.answerGpadl(0);
        host.expect(OpenChannel.class);
        host.reply(new OpenChannelResult(1, 1, 0xC0000225));
        assertFailsWith(RequestFailedException.class, opened);
        assertEquals("open relid=1 status: 0xc0000225 (expected: 0)", failure(opened).getMessage());
        assertEquals(Optional.of(ChannelState.OFFERED), host.client.channelState(1));
        GpadlTeardown t = host.expect(GpadlTeardown.class);
        assertEquals(h.gpadl(), t.gpadl());
        host.reply(new GpadlTorndown(h.gpadl()));
        assertEquals(List.of(), host.client.liveGpadls());
        assertEquals(false, host.events(GuestActions.RCV_OPEN_RESULT).get(0).get("ok"));
        host.open(1, 4, 2);
        assertEquals(Optional.of(ChannelState.OPEN), host.client.channelState(1));
    }

    @Test
    void shouldFailTheOpenWhenItsGpadlIsRefused() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        CompletableFuture<OpenedChannel> opened = host.client.open(1, ringGpns(4), 2, 0, null);
        host.answerGpadl(0xC0000044);
        assertFailsWith(RequestFailedException.class, opened);
        host.expectNothing();
    }

    @Test
    void shouldCloseWithCloseChannelAndLeaveTheRingGpadlToTheCaller() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        OpenedChannel ch = host.open(1, 4, 2);
        host.client.close(1);
        assertEquals(1, host.expect(CloseChannel.class).childRelid());
        host.expectNothing();
        assertEquals(Optional.of(ChannelState.OFFERED), host.client.channelState(1));
        assertEquals(Optional.of(GpadlState.CREATED), host.client.gpadlState(ch.ringGpadl()));
        CompletableFuture<Void> down = host.client.teardownGpadl(ch.ringGpadl());
        host.expect(GpadlTeardown.class);
        host.reply(new GpadlTorndown(ch.ringGpadl()));
        assertTrue(down.isDone());
        assertEquals(GuestActions.SEND_CLOSE_CHANNEL, host.events(GuestActions.SEND_CLOSE_CHANNEL).get(0).action());
    }

    @Test
    void shouldRejectBadOpenArgumentsAndStates() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> host.client.open(1, ringGpns(4), 1, 0, null));
        assertEquals("downstream page offset: 1 of 4 ring pages (expected: 2..2, each ring a control page and data pages)",
                e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> host.client.close(1));
        assertEquals("close relid=1: state OFFERED (expected: OPEN)", s.getMessage());
        s = assertThrows(IllegalStateException.class, () -> host.client.createGpadl(7, new long[] {1}));
        assertEquals("create gpadl relid: 7 (expected: a live channel)", s.getMessage());
        host.expectNothing();
    }

    @Test
    void shouldWaitForTheModifyResponseFrom5_3() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        host.open(1, 4, 2);
        CompletableFuture<Void> modified = host.client.modify(1, 3);
        ModifyChannel m = host.expect(ModifyChannel.class);
        assertEquals(3, m.targetVp());
        assertFalse(modified.isDone());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> host.client.modify(1, 2));
        assertEquals("modify relid=1: state OPEN, a modify outstanding (expected: OPEN, none outstanding)", e.getMessage());
        host.reply(new ModifyChannelResponse(1, 0));
        assertTrue(modified.isDone() && !modified.isCompletedExceptionally());
        CompletableFuture<Void> refused = host.client.modify(1, 2);
        host.expect(ModifyChannel.class);
        host.reply(new ModifyChannelResponse(1, 0xC0000001));
        assertFailsWith(RequestFailedException.class, refused);
        assertEquals(List.of(true, false), host.events(GuestActions.RCV_MODIFY_CHANNEL_RESPONSE).stream()
                .map(ev -> ev.get("ok")).toList());
    }

    @Test
    void shouldNotWaitForAModifyResponseBefore5_3AndRefuseModifyBefore4_1() {
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000)
                .withVersions(List.of(ProtocolVersion.WIN10_V4_1)));
        host.ready(offer(1));
        host.open(1, 4, 2);
        CompletableFuture<Void> modified = host.client.modify(1, 3);
        host.expect(ModifyChannel.class);
        assertTrue(modified.isDone());

        ScriptedHost old = new ScriptedHost(ClientConfig.defaults(0x1000)
                .withVersions(List.of(ProtocolVersion.WIN10)));
        old.ready(offer(1));
        old.open(1, 4, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> old.client.modify(1, 3));
        assertEquals("modify at WIN10(4.0) (expected: >= 4.1)", e.getMessage());
    }

    @Test
    void shouldKeepChannelsIndependent() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1), offer(2));
        CompletableFuture<Integer> first = host.client.createGpadl(1, new long[] {1});
        GpadlHeader h1 = host.expect(GpadlHeader.class);
        CompletableFuture<Integer> second = host.client.createGpadl(2, new long[] {2});
        GpadlHeader h2 = host.expect(GpadlHeader.class);
        host.reply(new GpadlCreated(2, h2.gpadl(), 0));
        assertTrue(second.isDone());
        assertFalse(first.isDone());
        host.reply(new GpadlCreated(1, h1.gpadl(), 0));
        assertEquals(h1.gpadl(), join(first));
    }
}
